/**
 * The Apache Pulsar implementation of the bus SPI ({@link io.sextant.bus.pulsar.PulsarBus}), its
 * configuration ({@link io.sextant.bus.pulsar.BusSettings}), and the centre's view across site namespaces
 * ({@link io.sextant.bus.pulsar.FanInBus}, routed by each topic's direction). It does not create tenants or namespaces on a real
 * cluster (an operator does, see docs/pulsar.md); {@link io.sextant.bus.pulsar.standalone} starts a
 * broker for tests and the lab.
 */
package io.sextant.bus.pulsar;
