package io.sextant.central.model.eval;

/**
 * One entity's figures: point-wise counts at the threshold chosen on its train part, and the best
 * point-wise and point-adjusted F1 over all thresholds (which peek at the labels: for comparison).
 */
public record EntityResult(String entity, int metrics, int trainRows, int testRows, long anomalousPoints,
    int segments, double threshold, PointCounts atThreshold, PointMetrics.Best best, PointMetrics.Best bestAdjusted,
    String trainer, long trainMillis) {}
