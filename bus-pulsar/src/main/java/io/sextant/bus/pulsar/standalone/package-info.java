/**
 * An Apache Pulsar standalone (metadata store, one bookie, one broker) inside this JVM, bound to
 * loopback, for the tests, the lab and newcomers. Not for production: a real deployment points the
 * bus at an existing cluster (docs/pulsar.md). Needs {@code org.apache.pulsar:pulsar-broker} on the
 * class path, which this module declares optional.
 */
package io.sextant.bus.pulsar.standalone;
