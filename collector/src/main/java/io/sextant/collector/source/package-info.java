/**
 * The source plug-in interface; each kind of KPI source implements it in its own sub-package:
 * {@code host} (/proc and /sys), {@code prometheus} (scrape), {@code otlp} (OTLP/HTTP receiver),
 * {@code probe} (active probe mesh). The simulated cloud of the demo lives in the test kit.
 */
package io.sextant.collector.source;
