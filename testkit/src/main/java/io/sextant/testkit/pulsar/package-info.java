/**
 * The shared Pulsar fixture: one standalone broker (a child JVM, through the pulsar-standalone
 * launcher) per test JVM, with the namespaces each test asks for, and the few admin calls tests
 * make over the broker's REST API with the JDK's HTTP client. Tests that need their own broker
 * (token authentication, advertised listeners, broker restarts) start one with
 * {@link io.sextant.pulsar.launcher.BrokerProcess} directly.
 */
package io.sextant.testkit.pulsar;
