/**
 * The Apache Pulsar implementation of the bus SPI ({@link io.sextant.bus.pulsar.PulsarBus}) and its
 * configuration. It does not create tenants or namespaces on a real cluster (an operator does, see
 * docs/pulsar.md); {@link io.sextant.bus.pulsar.standalone} starts a broker for tests and the lab.
 */
package io.sextant.bus.pulsar;
