/**
 * Benchmarks run by {@code ./cpimon bench NAME}: each prints its figures against a baseline measured in the same
 * run and ends with one {@code RESULT k=v ...} line. Never part of the test phase.
 */
package io.cpimon.bench;
