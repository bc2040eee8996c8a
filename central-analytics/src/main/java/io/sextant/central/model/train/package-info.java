/**
 * Training on stored history: {@link io.sextant.central.model.train.History} turns samples into a
 * family's KPI vectors (as the edge does, through {@code FeatureVectors});
 * {@link io.sextant.central.model.train.AnomalyTrainer} fits a k-means distance model (default,
 * measured better) or a one-class SVM and evaluates it on held-out later history and labelled
 * faults; {@link io.sextant.central.model.train.RootCauseTrainer} fits a logistic regression that
 * names a fault's kind. Results are bundles whose provenance holds settings, seed and metrics.
 *
 * <p>Not here: reading labels or writing the registry (the caller does), signing, scheduling.
 */
package io.sextant.central.model.train;
