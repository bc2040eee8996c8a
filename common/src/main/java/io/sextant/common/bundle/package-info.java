/**
 * Signed model bundles, shared by the centre that signs them and the edges that verify them:
 * a {@link io.sextant.common.bundle.ModelBundle} carries a model's id, version, declared inputs,
 * provenance and payload; {@link io.sextant.common.bundle.ModelBundle#canonicalBytes()} is both its
 * wire form and what is signed (Ed25519, {@link io.sextant.common.bundle.BundleSigner});
 * {@link io.sextant.common.bundle.BundleVerifier} checks key, signature and inputs in that order.
 * {@link io.sextant.common.bundle.ModelPayload} is the payload of an anomaly model (feature scaling
 * plus k-means centroids or a Tribuo one-class SVM), {@link io.sextant.common.bundle.Releases} maps
 * a signed bundle to the {@code ModelRelease} bus message, {@link io.sextant.common.bundle.KeyFiles}
 * reads and writes the PEM key files.
 *
 * <p>Not here: training (central-analytics), deciding what runs at an edge (edge-reasoner), and any
 * ML library: Java 17's built-in Ed25519 is used, and Tribuo stays out of {@code common}.
 */
package io.sextant.common.bundle;
