/**
 * Release of model versions to edge sites: the centre's Ed25519 key
 * ({@link io.sextant.central.model.release.SigningKey}), the choice of sites
 * ({@link io.sextant.central.model.release.ReleasePlan}: all, a list, or a canary fraction first)
 * and the rollout state machine ({@link io.sextant.central.model.release.Rollout}) driven by
 * {@link io.sextant.central.model.release.Rollouts}, which signs, publishes on the models topic
 * and halts a canary that an edge reports as refused or rolled back.
 *
 * <p>Not here: what the edge does with a release (edge-reasoner's model package).
 */
package io.sextant.central.model.release;
