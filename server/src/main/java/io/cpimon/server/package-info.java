/**
 * {@code main} and wiring: the command line ({@link io.cpimon.server.Main}), one cpimon instance as a list of
 * {@link io.cpimon.core.Lifecycle} components started in order and closed in reverse
 * ({@link io.cpimon.server.CpimonServer}), and the demo landscape ({@link io.cpimon.server.Demo}). No logic beyond
 * wiring lives here.
 */
package io.cpimon.server;
