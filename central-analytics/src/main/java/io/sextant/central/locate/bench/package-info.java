/**
 * The localization bench behind {@code sextant bench localize}: seeded random meshes shaped like an
 * operator's ({@link io.sextant.central.locate.bench.RandomMesh}) and rounds of simultaneous lossy
 * links measured by a simulated probe mesh, scored against the links that were made lossy
 * ({@link io.sextant.central.locate.bench.LocalizationBench}). Test and measurement code that ships
 * with the product so an operator can reproduce the figures; nothing in the nodes calls it.
 */
package io.sextant.central.locate.bench;
