/**
 * What the side-by-side benches share: rounds that give Sextant and a reference (Debian's
 * Alertmanager) the same payloads in turn, and the medians and ratios they print. Benches are
 * main classes run by hand (docs/benchmarks*.md), not tests.
 */
package io.sextant.testkit.bench;
