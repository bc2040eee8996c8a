package io.sextant.bus.pulsar.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.pulsar.PulsarStandaloneBuilder;
import org.apache.pulsar.broker.ServiceConfiguration;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.common.policies.data.TenantInfo;

/**
 * A Pulsar standalone in this JVM: loopback only, free ports, data in a temporary directory that
 * {@link #close()} deletes, no functions worker, no stream storage. Starts in about 10 s and needs
 * roughly 0.5–0.7 GB of heap.
 *
 * <p>{@link #start(Options)} creates the tenant and namespaces given, so a bus can use them at once.
 * With a token secret the broker requires token authentication on every connection (the
 * standalone's own admin client authenticates as the super user {@link #SUPER_USER}).
 *
 * <p>{@link #stopBroker()} and {@link #restartBroker()} take the whole standalone down and up again
 * on the same ports with its data, as a broker outage; extra advertised listeners
 * ({@link Options#withListener}) give one client a separate address where a relay can be cut.
 */
public final class PulsarStandalone implements AutoCloseable {
  public static final String CLUSTER = "standalone";
  public static final String SUPER_USER = "sextant-admin";

  private volatile org.apache.pulsar.PulsarStandalone standalone;
  private final Path dataDir;
  private final Options options;
  private final Ports ports;
  private final String serviceUrl;
  private final String webServiceUrl;

  /** The ports chosen at the first start, kept across {@link #restartBroker()}. */
  private record Ports(int broker, int web, int zk, int bk, java.util.Map<String, Integer> listeners) {
    static Ports free(Options options) throws IOException {
      java.util.Map<String, Integer> listeners = new java.util.LinkedHashMap<>();
      for (String l : options.listeners()) {
        listeners.put(l, freePort());
      }
      return new Ports(freePort(), freePort(), freePort(), freePort(), listeners);
    }
  }

  /**
   * What to start.
   *
   * @param tenant created with the namespaces below
   * @param namespaces created under the tenant
   * @param tokenSecretKey HMAC key for token authentication (at least 32 bytes), or null for none
   * @param listeners extra advertised listeners: each gets a free loopback port that the broker
   *     advertises to clients using that listener name ({@link #listenerUrl}) but does not bind,
   *     so a relay (a test's cuttable proxy) can stand there
   */
  public record Options(String tenant, List<String> namespaces, byte[] tokenSecretKey, List<String> listeners) {
    public Options {
      if (tenant == null || tenant.isBlank()) {
        throw new IllegalArgumentException("tenant: required");
      }
      namespaces = List.copyOf(namespaces);
      if (tokenSecretKey != null && tokenSecretKey.length < 32) {
        throw new IllegalArgumentException("tokenSecretKey: at least 32 bytes (HS256)");
      }
      listeners = listeners == null ? List.of() : List.copyOf(listeners);
      for (String l : listeners) {
        if (!l.matches("[A-Za-z0-9_-]+") || l.equals(INTERNAL_LISTENER)) {
          throw new IllegalArgumentException("listeners: '" + l + "' is not a usable listener name");
        }
      }
    }

    public Options(String tenant, List<String> namespaces, byte[] tokenSecretKey) {
      this(tenant, namespaces, tokenSecretKey, List.of());
    }

    public static Options of(String tenant, String... namespaces) {
      return new Options(tenant, List.of(namespaces), null, List.of());
    }

    public Options withTokenSecretKey(byte[] key) {
      return new Options(tenant, namespaces, key, listeners);
    }

    public Options withListener(String name) {
      List<String> more = new java.util.ArrayList<>(listeners);
      more.add(name);
      return new Options(tenant, namespaces, tokenSecretKey, more);
    }
  }

  /** The listener name of the broker's own address when extra listeners are advertised. */
  public static final String INTERNAL_LISTENER = "internal";

  private PulsarStandalone(org.apache.pulsar.PulsarStandalone standalone, Path dataDir, Options options, Ports ports) {
    this.standalone = standalone;
    this.dataDir = dataDir;
    this.options = options;
    this.ports = ports;
    this.serviceUrl = standalone.getBrokerServiceUrl();
    this.webServiceUrl = standalone.getWebServiceUrl();
  }

  public static PulsarStandalone start(Options options) throws Exception {
    Path dir = Files.createTempDirectory("sextant-pulsar-");
    try {
      Ports ports = Ports.free(options);
      PulsarStandalone started = new PulsarStandalone(startIn(dir, options, ports, true), dir, options, ports);
      try {
        started.createTenantAndNamespaces();
      } catch (Exception | Error e) {
        started.close();
        throw e;
      }
      return started;
    } catch (Exception | Error e) {
      deleteTree(dir);
      throw e;
    }
  }

  /**
   * Stops the broker, bookie and metadata store but keeps their data, as a broker outage would;
   * clients see their connections drop and retry. {@link #restartBroker()} brings it back.
   */
  public synchronized void stopBroker() throws Exception {
    if (standalone == null) {
      return;
    }
    org.apache.pulsar.PulsarStandalone s = standalone;
    standalone = null;
    s.close();
  }

  /** Starts the broker again on the same ports with the data it had when stopped. */
  public synchronized void restartBroker() throws Exception {
    if (standalone != null) {
      throw new IllegalStateException("the broker is running");
    }
    standalone = startIn(dataDir, options, ports, false);
  }

  private static org.apache.pulsar.PulsarStandalone startIn(Path dir, Options options, Ports ports, boolean wipe)
      throws Exception {
    // The bookie reads its interface from the standalone's config file; without one it binds
    // every interface.
    Path conf = dir.resolve("standalone.conf");
    Files.writeString(conf, "listeningInterface=lo\nadvertisedAddress=127.0.0.1\n", StandardCharsets.UTF_8);

    ServiceConfiguration config = new ServiceConfiguration();
    config.setClusterName(CLUSTER);
    config.setBindAddress("127.0.0.1");
    if (ports.listeners().isEmpty()) {
      config.setAdvertisedAddress("127.0.0.1");
    } else {
      // Pulsar refuses advertisedAddress beside advertisedListeners.
      StringBuilder listeners = new StringBuilder(INTERNAL_LISTENER + ":pulsar://127.0.0.1:" + ports.broker());
      ports.listeners().forEach((name, port) -> listeners.append(',').append(name).append(":pulsar://127.0.0.1:").append(port));
      config.setAdvertisedListeners(listeners.toString());
      config.setInternalListenerName(INTERNAL_LISTENER);
    }
    config.setBrokerServicePort(Optional.of(ports.broker()));
    config.setWebServicePort(Optional.of(ports.web()));
    config.setManagedLedgerDefaultEnsembleSize(1);
    config.setManagedLedgerDefaultWriteQuorum(1);
    config.setManagedLedgerDefaultAckQuorum(1);
    config.setAllowAutoTopicCreation(true);
    config.setAcknowledgmentAtBatchIndexLevelEnabled(true);
    config.setBrokerDeleteInactiveTopicsEnabled(false);
    config.setLoadBalancerEnabled(false);
    if (options.tokenSecretKey() != null) {
      String key = "data:;base64," + java.util.Base64.getEncoder().encodeToString(options.tokenSecretKey());
      config.setAuthenticationEnabled(true);
      config.setAuthorizationEnabled(true);
      config.setAuthenticationProviders(Set.of("org.apache.pulsar.broker.authentication.AuthenticationProviderToken"));
      config.setSuperUserRoles(Set.of(SUPER_USER));
      config.getProperties().setProperty("tokenSecretKey", key);
      config.setBrokerClientAuthenticationPlugin("org.apache.pulsar.client.impl.auth.AuthenticationToken");
      config.setBrokerClientAuthenticationParameters("token:" + Tokens.create(options.tokenSecretKey(), SUPER_USER));
    }

    PulsarStandaloneBuilder builder = PulsarStandaloneBuilder.instance()
        .withConfig(config)
        .withNumOfBk(1)
        .withZkDir(dir.resolve("zookeeper").toString())
        .withBkDir(dir.resolve("bookkeeper").toString())
        .withZkPort(ports.zk())
        .withBkPort(ports.bk())
        .withNoStreamStorage(true)
        .withWipeData(wipe);
    if (ports.listeners().isEmpty()) {
      builder.withAdvertisedAddress("127.0.0.1");
    }
    org.apache.pulsar.PulsarStandalone standalone = builder.build();
    // build() does not apply withConfig (STACK.md).
    standalone.setConfig(config);
    standalone.setConfigFile(conf.toString());
    standalone.setNoFunctionsWorker(true);
    setMetadataDir(standalone, dir.resolve("metadata"));
    try {
      standalone.start();
    } catch (Exception | Error e) {
      standalone.close();
      throw e;
    }
    return standalone;
  }

  /**
   * The RocksDB metadata store's directory is only settable from the command line (a private
   * field, default {@code data/metadata} under the working directory): set it so each standalone
   * keeps its metadata in its own temporary directory.
   */
  private static void setMetadataDir(org.apache.pulsar.PulsarStandalone standalone, Path metadataDir)
      throws ReflectiveOperationException {
    java.lang.reflect.Field field = org.apache.pulsar.PulsarStandalone.class.getDeclaredField("metadataDir");
    field.setAccessible(true);
    field.set(standalone, metadataDir.toAbsolutePath().toString());
  }

  private void createTenantAndNamespaces() throws PulsarAdminException, IOException {
    try (PulsarAdmin admin = admin()) {
      admin.tenants().createTenant(options.tenant(), TenantInfo.builder().allowedClusters(Set.of(CLUSTER)).build());
      for (String ns : options.namespaces()) {
        admin.namespaces().createNamespace(options.tenant() + "/" + ns, Set.of(CLUSTER));
      }
    }
  }

  /** An admin client for this broker, as the super user when tokens are on; the caller closes it. */
  public PulsarAdmin admin() throws IOException {
    var builder = PulsarAdmin.builder().serviceHttpUrl(webServiceUrl());
    if (options.tokenSecretKey() != null) {
      builder.authentication(AuthenticationFactory.token(Tokens.create(options.tokenSecretKey(), SUPER_USER)));
    }
    try {
      return builder.build();
    } catch (org.apache.pulsar.client.api.PulsarClientException e) {
      throw new IOException("admin client: " + e.getMessage(), e);
    }
  }

  /** {@code pulsar://127.0.0.1:<port>} */
  public String serviceUrl() {
    return serviceUrl;
  }

  /**
   * {@code pulsar://127.0.0.1:<port>}: where the broker tells clients of listener {@code name}
   * to connect (see {@link Options#listeners()}); nothing listens there until a relay does.
   */
  public String listenerUrl(String name) {
    Integer port = ports.listeners().get(name);
    if (port == null) {
      throw new IllegalArgumentException("no listener " + name);
    }
    return "pulsar://127.0.0.1:" + port;
  }

  /** The broker's own port, for a relay to forward to. */
  public int brokerPort() {
    return ports.broker();
  }

  /** {@code http://127.0.0.1:<port>} */
  public String webServiceUrl() {
    return webServiceUrl;
  }

  public Options options() {
    return options;
  }

  @Override
  public synchronized void close() {
    try {
      if (standalone != null) {
        standalone.close();
        standalone = null;
      }
    } catch (Exception e) {
      throw new IllegalStateException("stopping the standalone: " + e.getMessage(), e);
    } finally {
      deleteTree(dataDir);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // A leftover temporary directory is not worth failing a shutdown for.
    }
  }
}
