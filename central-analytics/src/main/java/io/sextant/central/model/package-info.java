/**
 * Models trained centrally and pushed to the edges (issue 8). {@link io.sextant.central.model.ModelService}
 * is the one entry point: train from the store, register, promote, release signed bundles over the
 * bus, take operators' feedback. Stages live in sub-packages: {@code train} (Tribuo trainers and
 * their evaluation), {@code release} (signing and rollouts to sites), {@code feedback} (labels for
 * the next training).
 *
 * <p>Not here: the registry's tables ({@code io.sextant.store.registry}), the bundle format and its
 * verification ({@code io.sextant.common.bundle}), and scoring at the edge (edge-reasoner).
 */
package io.sextant.central.model;
