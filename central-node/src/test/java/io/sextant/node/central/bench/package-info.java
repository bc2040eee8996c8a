/**
 * Benchmarks run by hand (main classes named {@code *Bench}, not part of the test suite): the
 * centre's own HTTP port against real peers. See docs/benchmarks-alarms.md for the commands.
 */
package io.sextant.node.central.bench;
