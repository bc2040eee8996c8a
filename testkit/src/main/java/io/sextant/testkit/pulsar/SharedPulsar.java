package io.sextant.testkit.pulsar;

import io.sextant.pulsar.launcher.BrokerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One Pulsar standalone for the whole test JVM, started on first use and stopped when the JVM
 * exits (or dies: the child follows its parent). Tenant {@value #TENANT}; each test asks for the
 * namespaces it uses ({@link #withNamespaces}), so tests sharing the broker only share a namespace
 * when they name the same one.
 *
 * <p>Do not stop or restart this broker: a test that needs that starts its own.
 */
public final class SharedPulsar {
  public static final String TENANT = "sextant";

  private static BrokerProcess broker;
  private static PulsarRest admin;

  private SharedPulsar() {}

  /** The shared broker, started if it is not yet (10–40 s). */
  public static synchronized BrokerProcess broker() throws IOException, InterruptedException {
    if (broker == null || !broker.isAlive()) {
      BrokerProcess started = BrokerProcess.start(BrokerProcess.Options.of(TENANT));
      System.out.printf("Shared Pulsar standalone up in %d ms at %s (pid %d, log %s)%n",
          started.startedIn().toMillis(), started.serviceUrl(), started.pid(), started.log());
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-pulsar-shutdown"));
      broker = started;
      admin = new PulsarRest(started.webServiceUrl(), null);
    }
    return broker;
  }

  /** Creates the namespaces of tenant {@value #TENANT} that do not exist yet; returns the service URL. */
  public static String withNamespaces(String... namespaces) throws IOException, InterruptedException {
    BrokerProcess b = broker();
    for (String ns : namespaces) {
      admin().createNamespace(TENANT + "/" + ns);
    }
    return b.serviceUrl();
  }

  /** Admin calls on the shared broker. */
  public static synchronized PulsarRest admin() {
    if (admin == null) {
      throw new UncheckedIOException(new IOException("the shared broker is not started: call broker() first"));
    }
    return admin;
  }
}
