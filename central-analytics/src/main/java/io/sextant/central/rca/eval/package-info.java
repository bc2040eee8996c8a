/**
 * Evaluation of the root-cause ranking over incidents on disk ({@code sextant rca-eval}): reads
 * the layout (a dependency graph, a normal period and incident cases per scenario) into tables
 * with Tablesaw, ranks each case and scores AC@1, AC@3 and Avg@5. A bad case is an error of its
 * own, counted; the other cases are still evaluated.
 */
package io.sextant.central.rca.eval;
