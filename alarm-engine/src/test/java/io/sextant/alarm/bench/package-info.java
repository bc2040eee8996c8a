/** Benchmarks run by hand (a main class, not a test): see docs/benchmarks-alarms.md for the command. */
package io.sextant.alarm.bench;
