package io.sextant.pulsar.standalone;

import io.sextant.pulsar.launcher.Protocol;
import io.sextant.pulsar.launcher.ReadyLine;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.pulsar.PulsarStandaloneBuilder;
import org.apache.pulsar.broker.ServiceConfiguration;
import org.apache.pulsar.broker.authentication.utils.AuthTokenUtils;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.common.policies.data.TenantInfo;

/**
 * A Pulsar standalone in this JVM: loopback only, no functions worker, no stream storage, its data
 * in the directory given. Starts
 * in about 10 s on an idle 2-core machine and needs roughly 0.5–0.7 GB of heap.
 *
 * <p>{@link #start(Options)} creates the tenant and namespaces given, so a bus can use them at once
 * (on a data directory that already has them, it leaves them as they are). With a token secret the
 * broker requires token authentication on every connection (its own admin client authenticates as
 * {@link Protocol#SUPER_USER}).
 *
 * <p>{@link #stopBroker()} and {@link #restartBroker()} take the whole standalone down and up again
 * on the same ports with its data, as a broker outage; extra advertised listeners
 * ({@link Options#listeners()}) give one client a separate address where a relay can be cut.
 */
public final class PulsarStandalone implements AutoCloseable {
  /** The ports, chosen at the first start and saved in the data directory: the bookie's identity is its address. */
  private static final String PORTS_FILE = "sextant-ports.properties";

  private volatile org.apache.pulsar.PulsarStandalone standalone;
  private final Path dataDir;
  private final Options options;
  private final Ports ports;

  /**
   * What to start.
   *
   * @param tenant created with the namespaces below
   * @param namespaces created under the tenant
   * @param tokenSecretKey HMAC key for token authentication (at least 32 bytes), or null for none
   * @param listeners extra advertised listeners: each gets a free loopback port that the broker
   *     advertises to clients using that listener name but does not bind, so a relay (a test's
   *     cuttable proxy) can stand there
   * @param brokerPort the broker's port, 0 for a free one; a kept data directory keeps the port
   *     it was created with
   * @param dataDir the data directory: empty for a new standalone, or one a standalone used before
   *     (its data and ports are kept); the caller deletes it if it is temporary
   * @param host the address the broker and its web service bind and advertise: loopback by
   *     default; a lab's address that clients in other network namespaces reach (the bookie and
   *     the metadata store stay on loopback)
   */
  public record Options(String tenant, List<String> namespaces, byte[] tokenSecretKey, List<String> listeners,
      int brokerPort, Path dataDir, String host) {
    public static final String LOOPBACK = "127.0.0.1";

    public Options(String tenant, List<String> namespaces, byte[] tokenSecretKey, List<String> listeners,
        int brokerPort, Path dataDir) {
      this(tenant, namespaces, tokenSecretKey, listeners, brokerPort, dataDir, LOOPBACK);
    }

    public Options {
      if (host == null || !host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
        throw new IllegalArgumentException("host: an IPv4 address, not " + host);
      }
      if (tenant == null || tenant.isBlank()) {
        throw new IllegalArgumentException("tenant: required");
      }
      namespaces = List.copyOf(namespaces);
      if (tokenSecretKey != null && tokenSecretKey.length < 32) {
        throw new IllegalArgumentException("tokenSecretKey: at least 32 bytes (HS256)");
      }
      listeners = listeners == null ? List.of() : List.copyOf(listeners);
      for (String l : listeners) {
        if (!l.matches("[A-Za-z0-9_-]+") || l.equals(Protocol.INTERNAL_LISTENER)) {
          throw new IllegalArgumentException("listeners: '" + l + "' is not a usable listener name");
        }
      }
      if (brokerPort < 0 || brokerPort > 65535) {
        throw new IllegalArgumentException("brokerPort: 0 (a free port) to 65535, not " + brokerPort);
      }
      if (dataDir == null) {
        throw new IllegalArgumentException("dataDir: required");
      }
    }
  }

  /** The ports of one standalone, kept across {@link #restartBroker()} and in a kept data directory. */
  private record Ports(int broker, int web, int zk, int bk, Map<String, Integer> listeners) {
    static Ports choose(Options options) throws IOException {
      Map<String, Integer> listeners = new LinkedHashMap<>();
      for (String l : options.listeners()) {
        listeners.put(l, freePort());
      }
      int broker = options.brokerPort() == 0 ? freePort() : options.brokerPort();
      return new Ports(broker, freePort(), freePort(), freePort(), listeners);
    }

    static Optional<Ports> load(Path file) throws IOException {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      Properties p = new Properties();
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(in);
      }
      Map<String, Integer> listeners = new LinkedHashMap<>();
      for (String key : p.stringPropertyNames()) {
        if (key.startsWith("listener.")) {
          listeners.put(key.substring("listener.".length()), Integer.parseInt(p.getProperty(key)));
        }
      }
      return Optional.of(new Ports(Integer.parseInt(p.getProperty("broker")), Integer.parseInt(p.getProperty("web")),
          Integer.parseInt(p.getProperty("zk")), Integer.parseInt(p.getProperty("bk")), listeners));
    }

    void save(Path file) throws IOException {
      Properties p = new Properties();
      p.setProperty("broker", Integer.toString(broker));
      p.setProperty("web", Integer.toString(web));
      p.setProperty("zk", Integer.toString(zk));
      p.setProperty("bk", Integer.toString(bk));
      listeners.forEach((name, port) -> p.setProperty("listener." + name, Integer.toString(port)));
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        p.store(out, "Ports of the Sextant Pulsar standalone using this directory");
      }
    }
  }

  private PulsarStandalone(Path dataDir, Options options, Ports ports) {
    this.dataDir = dataDir;
    this.options = options;
    this.ports = ports;
  }

  public static PulsarStandalone start(Options options) throws Exception {
    Path dir = Files.createDirectories(options.dataDir());
    Path portsFile = dir.resolve(PORTS_FILE);
    Optional<Ports> kept = Ports.load(portsFile);
    Ports ports;
    if (kept.isPresent()) {
      ports = kept.get();
      if (options.brokerPort() != 0 && options.brokerPort() != ports.broker()) {
        // The bookie's identity is its address: a kept directory keeps its ports.
        System.err.println("Pulsar standalone: " + dir + " keeps broker port " + ports.broker() + " from its first start; "
            + "port " + options.brokerPort() + " ignored");
      }
      if (!ports.listeners().keySet().equals(Set.copyOf(options.listeners()))) {
        throw new IllegalArgumentException("listeners: " + dir + " was created with " + ports.listeners().keySet());
      }
    } else {
      ports = Ports.choose(options);
      ports.save(portsFile);
    }
    PulsarStandalone started = new PulsarStandalone(dir, options, ports);
    started.standalone = startIn(dir, options, ports, kept.isEmpty());
    try {
      started.createTenantAndNamespaces();
    } catch (Exception | Error e) {
      started.close();
      throw e;
    }
    return started;
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
    config.setClusterName(Protocol.CLUSTER);
    config.setBindAddress(options.host());
    if (ports.listeners().isEmpty()) {
      config.setAdvertisedAddress(options.host());
    } else {
      // Pulsar refuses advertisedAddress beside advertisedListeners.
      StringBuilder listeners = new StringBuilder(Protocol.INTERNAL_LISTENER + ":pulsar://" + options.host() + ":"
          + ports.broker());
      ports.listeners().forEach((name, port) -> listeners.append(',').append(name).append(":pulsar://127.0.0.1:").append(port));
      config.setAdvertisedListeners(listeners.toString());
      config.setInternalListenerName(Protocol.INTERNAL_LISTENER);
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
      String key = "data:;base64," + Base64.getEncoder().encodeToString(options.tokenSecretKey());
      config.setAuthenticationEnabled(true);
      config.setAuthorizationEnabled(true);
      config.setAuthenticationProviders(Set.of("org.apache.pulsar.broker.authentication.AuthenticationProviderToken"));
      config.setSuperUserRoles(Set.of(Protocol.SUPER_USER));
      config.getProperties().setProperty("tokenSecretKey", key);
      config.setBrokerClientAuthenticationPlugin("org.apache.pulsar.client.impl.auth.AuthenticationToken");
      config.setBrokerClientAuthenticationParameters("token:" + superUserToken(options.tokenSecretKey()));
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
      builder.withAdvertisedAddress(options.host());
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

  private static String superUserToken(byte[] secretKey) {
    return AuthTokenUtils.createToken(AuthTokenUtils.decodeSecretKey(secretKey), Protocol.SUPER_USER, Optional.empty());
  }

  /**
   * The RocksDB metadata store's directory is only settable from the command line (a private
   * field, default {@code data/metadata} under the working directory): set it so each standalone
   * keeps its metadata in its own data directory.
   */
  private static void setMetadataDir(org.apache.pulsar.PulsarStandalone standalone, Path metadataDir)
      throws ReflectiveOperationException {
    java.lang.reflect.Field field = org.apache.pulsar.PulsarStandalone.class.getDeclaredField("metadataDir");
    field.setAccessible(true);
    field.set(standalone, metadataDir.toAbsolutePath().toString());
  }

  /** Creates what is missing: a kept data directory already has the tenant and earlier namespaces. */
  private void createTenantAndNamespaces() throws PulsarAdminException, IOException {
    try (PulsarAdmin admin = admin()) {
      if (!admin.tenants().getTenants().contains(options.tenant())) {
        admin.tenants().createTenant(options.tenant(),
            TenantInfo.builder().allowedClusters(Set.of(Protocol.CLUSTER)).build());
      }
      List<String> existing = admin.namespaces().getNamespaces(options.tenant());
      for (String ns : options.namespaces()) {
        String name = options.tenant() + "/" + ns;
        if (!existing.contains(name)) {
          admin.namespaces().createNamespace(name, Set.of(Protocol.CLUSTER));
        }
      }
    }
  }

  /** An admin client for this broker, as the super user when tokens are on; the caller closes it. */
  private PulsarAdmin admin() throws IOException {
    var builder = PulsarAdmin.builder().serviceHttpUrl(webServiceUrl());
    if (options.tokenSecretKey() != null) {
      builder.authentication(AuthenticationFactory.token(superUserToken(options.tokenSecretKey())));
    }
    try {
      return builder.build();
    } catch (PulsarClientException e) {
      throw new IOException("admin client: " + e.getMessage(), e);
    }
  }

  /** Where it listens, as the ready line says it. */
  public ReadyLine where() {
    Map<String, String> listeners = new LinkedHashMap<>();
    ports.listeners().forEach((name, port) -> listeners.put(name, "pulsar://127.0.0.1:" + port));
    return new ReadyLine(serviceUrl(), webServiceUrl(), ports.broker(), listeners);
  }

  /** {@code pulsar://<host>:<port>} */
  public String serviceUrl() {
    return "pulsar://" + options.host() + ":" + ports.broker();
  }

  /** {@code http://<host>:<port>} */
  public String webServiceUrl() {
    return "http://" + options.host() + ":" + ports.web();
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
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
