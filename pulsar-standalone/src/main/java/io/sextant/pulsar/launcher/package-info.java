/**
 * Starts the Pulsar standalone of {@code io.sextant.pulsar.standalone} as a child JVM on the
 * broker's own class path, from any JVM, and talks to it over the child's standard streams
 * ({@link io.sextant.pulsar.launcher.Protocol}). Everything here uses the JDK only: consumers depend
 * on this module's jar with every transitive dependency excluded, so the broker's Netty 4.1, Jetty
 * 9.4 and friends never reach their class path. Not a Pulsar client: use the bus for that.
 */
package io.sextant.pulsar.launcher;
