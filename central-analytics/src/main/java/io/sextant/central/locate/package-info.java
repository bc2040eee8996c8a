/**
 * Link-loss localization (network tomography): from the loss every site measures on its probe
 * paths to every other site, infer which inter-cloud link(s) drop packets.
 *
 * <p>{@link io.sextant.central.locate.LinkLocalizer} takes one round of
 * {@link io.sextant.central.locate.PathEvidence} (the route, observed and baseline loss, the edge
 * detector's flag and the probe count of each path) and returns ranked
 * {@link io.sextant.central.locate.LinkFinding}s with an estimated loss, a confidence and the
 * links that explain the same evidence equally well. It is plain, stateless Java: it does not
 * read the store, subscribe to the bus, keep history between rounds or decide what to do about a
 * finding; callers assemble the evidence and turn findings into
 * {@link io.sextant.common.model.Diagnosis} messages.
 *
 * <p>{@link io.sextant.central.locate.Identifiability} says which links path measurements can
 * single out at a given number of simultaneous faults; the {@code bench} package measures the
 * localizer on random meshes ({@code sextant bench localize}).
 */
package io.sextant.central.locate;
