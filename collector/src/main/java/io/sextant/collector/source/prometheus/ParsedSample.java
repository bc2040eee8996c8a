package io.sextant.collector.source.prometheus;

import java.util.Map;

/**
 * One sample line as read: its name, labels, value, the exposition timestamp in epoch
 * milliseconds (or {@code null} when the line had none), the family's type, and whether the value
 * is cumulative (a counter, or a histogram's or summary's bucket/sum/count) and so becomes a rate.
 */
public record ParsedSample(String name, Map<String, String> labels, double value, Long timestampMs, MetricType type,
    boolean cumulative) {}
