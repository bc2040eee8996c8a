/**
 * Models at the edge: {@link io.sextant.edge.model.ModelSlot} decides which bundle of a model id
 * runs (verified, newer, previous kept for rollback); {@link io.sextant.edge.model.EdgeModels}
 * subscribes to the centre's releases, verifies and loads them, persists the last good bundle so a
 * restart while cut off still has it, scores each collection window with the running models and
 * emits detections, rolls back a misbehaving model, and reports refused bundles.
 *
 * <p>Not here: training, the registry and signing (central); the bundle format and its checks
 * ({@code io.sextant.common.bundle}).
 */
package io.sextant.edge.model;
