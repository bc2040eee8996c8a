package io.sextant.edge.eval;

/**
 * One series' share of a profile's result at the corpus threshold: its raw NAB score and NAB's
 * point counts (tp/fp/fn/tn over scored points), plus the window counts.
 */
public record FileScore(String name, double rawScore, int tp, int fp, int fn, int tn, WindowMetrics windows) {}
