/**
 * An Apache Pulsar standalone (metadata store, one bookie, one broker) bound to loopback, for
 * newcomers ({@code sextant pulsar}), the lab and the tests, and {@link io.sextant.pulsar.standalone.Main},
 * which runs it as a child JVM under the launcher's protocol. These classes need the broker's class
 * path (this module's dependencies) and run only in that child: other JVMs start it with
 * {@link io.sextant.pulsar.launcher.BrokerProcess}. Not for production: a real deployment points the
 * bus at an existing cluster (docs/pulsar.md).
 */
package io.sextant.pulsar.standalone;
