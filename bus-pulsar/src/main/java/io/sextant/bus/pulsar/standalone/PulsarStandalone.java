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
 */
public final class PulsarStandalone implements AutoCloseable {
  public static final String CLUSTER = "standalone";
  public static final String SUPER_USER = "sextant-admin";

  private final org.apache.pulsar.PulsarStandalone standalone;
  private final Path dataDir;
  private final Options options;

  /**
   * What to start.
   *
   * @param tenant created with the namespaces below
   * @param namespaces created under the tenant
   * @param tokenSecretKey HMAC key for token authentication (at least 32 bytes), or null for none
   */
  public record Options(String tenant, List<String> namespaces, byte[] tokenSecretKey) {
    public Options {
      if (tenant == null || tenant.isBlank()) {
        throw new IllegalArgumentException("tenant: required");
      }
      namespaces = List.copyOf(namespaces);
      if (tokenSecretKey != null && tokenSecretKey.length < 32) {
        throw new IllegalArgumentException("tokenSecretKey: at least 32 bytes (HS256)");
      }
    }

    public static Options of(String tenant, String... namespaces) {
      return new Options(tenant, List.of(namespaces), null);
    }

    public Options withTokenSecretKey(byte[] key) {
      return new Options(tenant, namespaces, key);
    }
  }

  private PulsarStandalone(org.apache.pulsar.PulsarStandalone standalone, Path dataDir, Options options) {
    this.standalone = standalone;
    this.dataDir = dataDir;
    this.options = options;
  }

  public static PulsarStandalone start(Options options) throws Exception {
    Path dir = Files.createTempDirectory("sextant-pulsar-");
    try {
      return startIn(dir, options);
    } catch (Exception | Error e) {
      deleteTree(dir);
      throw e;
    }
  }

  private static PulsarStandalone startIn(Path dir, Options options) throws Exception {
    // The bookie reads its interface from the standalone's config file; without one it binds
    // every interface.
    Path conf = dir.resolve("standalone.conf");
    Files.writeString(conf, "listeningInterface=lo\nadvertisedAddress=127.0.0.1\n", StandardCharsets.UTF_8);

    ServiceConfiguration config = new ServiceConfiguration();
    config.setClusterName(CLUSTER);
    config.setAdvertisedAddress("127.0.0.1");
    config.setBindAddress("127.0.0.1");
    config.setBrokerServicePort(Optional.of(freePort()));
    config.setWebServicePort(Optional.of(freePort()));
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

    org.apache.pulsar.PulsarStandalone standalone = PulsarStandaloneBuilder.instance()
        .withConfig(config)
        .withNumOfBk(1)
        .withZkDir(dir.resolve("zookeeper").toString())
        .withBkDir(dir.resolve("bookkeeper").toString())
        .withZkPort(freePort())
        .withBkPort(freePort())
        .withNoStreamStorage(true)
        .withAdvertisedAddress("127.0.0.1")
        .withWipeData(true)
        .build();
    // build() does not apply withConfig (STACK.md).
    standalone.setConfig(config);
    standalone.setConfigFile(conf.toString());
    standalone.setNoFunctionsWorker(true);
    setMetadataDir(standalone, dir.resolve("metadata"));
    standalone.start();
    PulsarStandalone started = new PulsarStandalone(standalone, dir, options);
    try {
      started.createTenantAndNamespaces();
    } catch (Exception | Error e) {
      started.close();
      throw e;
    }
    return started;
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
    return standalone.getBrokerServiceUrl();
  }

  /** {@code http://127.0.0.1:<port>} */
  public String webServiceUrl() {
    return standalone.getWebServiceUrl();
  }

  public Options options() {
    return options;
  }

  @Override
  public void close() {
    try {
      standalone.close();
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
