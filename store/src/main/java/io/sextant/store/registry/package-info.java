/**
 * The model registry and the feedback labels in PostgreSQL (migration V4): every model version
 * with its provenance ({@link io.sextant.store.registry.ModelRegistry}: register, promote, pin,
 * roll back by version, record releases per site) and the labels the next training learns from
 * ({@link io.sextant.store.registry.LabelTable}: ground truth faults and operators' false alarms).
 *
 * <p>Not here: training, signing and release, which are central-analytics' model package; this
 * package only keeps the records, each call one transaction.
 */
package io.sextant.store.registry;
