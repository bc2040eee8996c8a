/**
 * Training on stored history: {@link io.sextant.central.model.train.History} turns samples into a
 * family's KPI vectors (as the edge does, through {@code FeatureVectors});
 * {@link io.sextant.central.model.train.AnomalyTrainer} fits a k-means distance model (default,
 * measured better) or a one-class SVM and evaluates it on held-out later history and labelled
 * faults. (A root-cause classifier once trained here named a fault's kind from a site's KPI vector;
 * it was removed: it cannot name a component, and root causes are ranked by {@code rca}.) Results
 * are bundles whose provenance holds settings, seed and metrics.
 *
 * <p>Not here: reading labels or writing the registry (the caller does), signing, scheduling.
 */
package io.sextant.central.model.train;
