/**
 * The link source: per configured link, the throughput its interface sends (from the kernel's byte
 * counter) and how much of its shaped rate that is. Not here: shaping (the actuators' tc adapter).
 */
package io.sextant.collector.source.link;
