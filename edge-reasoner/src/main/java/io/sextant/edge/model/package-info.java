/**
 * Model bundles at the edge: a bundle ({@link io.sextant.edge.model.ModelBundle}) carries a model's
 * id, version, declared inputs, provenance and opaque payload; the central site signs it with
 * Ed25519 ({@link io.sextant.edge.model.BundleSigner}); the edge verifies the signature, the key and
 * the declared inputs before loading ({@link io.sextant.edge.model.BundleVerifier}) and keeps the
 * previous model so it can roll back ({@link io.sextant.edge.model.ModelSlot}).
 *
 * <p>Not here: training (central, Tribuo), the registry and the push to sites; this package only
 * decides what an edge accepts and runs. Java 17's built-in Ed25519 is used: no extra dependency.
 */
package io.sextant.edge.model;
