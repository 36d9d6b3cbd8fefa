/**
 * The HTTP surface of cpimon: {@link io.cpimon.api.ApiServer} assembles one Vert.x router from authentication
 * ({@link io.cpimon.api.ApiAuth}), the resources' routes and the dashboard's static files. Request parsing
 * ({@link io.cpimon.api.Requests}), blocking calls and JSON/problem rendering ({@link io.cpimon.api.Endpoints}) each
 * live in one place here; the resources are in {@code io.cpimon.api.routes}.
 */
package io.cpimon.api;
