/**
 * The pipelines, assembled once and shared by every way of running Sextant: {@link
 * io.sextant.deploy.assembly.EdgeSite} (collector → reasoner → uplink) and {@link
 * io.sextant.deploy.assembly.Central} (ingest → diagnoser → alarm engine and closed loop). The
 * all-in-one wires them to an in-process bus; the central and edge processes to Pulsar.
 */
package io.sextant.deploy.assembly;
