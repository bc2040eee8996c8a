package io.sextant.bus.pulsar;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link PulsarBus} reaches its cluster and where its topics live.
 *
 * <p>Bus topic {@code samples} becomes {@code persistent://<tenant>/<namespace>/samples}. TLS is
 * chosen by the service URL ({@code pulsar+ssl://}); {@code tlsTrustCertsFile} names the CA that
 * signed the brokers' certificates (null: the JVM's trust store). {@code authToken} null means no
 * authentication.
 *
 * @param batchingMaxDelay how long a producer may hold a message to fill a batch
 * @param batchingMaxMessages most messages in one batch
 * @param redeliveryDelay first delay before a failed message comes back; doubles per failure
 *     up to {@code maxRedeliveryDelay}
 * @param maxRedeliverCount redeliveries after which a message whose handler keeps failing goes
 *     to the subscription's dead-letter topic
 * @param listenerName the broker's advertised listener to connect through (its
 *     {@code advertisedListeners}), for an edge that reaches the brokers by another address than
 *     the centre does (NAT, a relay); null: the broker's default address
 */
public record PulsarBusConfig(
    String serviceUrl,
    String tenant,
    String namespace,
    String authToken,
    Path tlsTrustCertsFile,
    boolean tlsHostnameVerification,
    Duration batchingMaxDelay,
    int batchingMaxMessages,
    Duration redeliveryDelay,
    Duration maxRedeliveryDelay,
    int maxRedeliverCount,
    String listenerName) {

  public static final String DEFAULT_TENANT = "sextant";
  public static final Duration DEFAULT_BATCHING_MAX_DELAY = Duration.ofMillis(1);
  public static final int DEFAULT_BATCHING_MAX_MESSAGES = 1000;
  public static final Duration DEFAULT_REDELIVERY_DELAY = Duration.ofMillis(100);
  public static final Duration DEFAULT_MAX_REDELIVERY_DELAY = Duration.ofSeconds(10);
  /** With the doubling delay this keeps a message about two minutes before dead-lettering it. */
  public static final int DEFAULT_MAX_REDELIVER_COUNT = 20;

  public PulsarBusConfig {
    requireText(serviceUrl, "serviceUrl");
    if (!serviceUrl.startsWith("pulsar://") && !serviceUrl.startsWith("pulsar+ssl://")) {
      throw new IllegalArgumentException("serviceUrl: must start with pulsar:// or pulsar+ssl://, got " + serviceUrl);
    }
    requireName(tenant, "tenant");
    requireName(namespace, "namespace");
    if (authToken != null && authToken.isBlank()) {
      throw new IllegalArgumentException("authToken: blank (leave it null for no authentication)");
    }
    Objects.requireNonNull(batchingMaxDelay, "batchingMaxDelay");
    if (batchingMaxDelay.isNegative()) {
      throw new IllegalArgumentException("batchingMaxDelay: negative");
    }
    if (batchingMaxMessages < 1) {
      throw new IllegalArgumentException("batchingMaxMessages: must be at least 1, got " + batchingMaxMessages);
    }
    Objects.requireNonNull(redeliveryDelay, "redeliveryDelay");
    Objects.requireNonNull(maxRedeliveryDelay, "maxRedeliveryDelay");
    if (redeliveryDelay.toMillis() < 1 || maxRedeliveryDelay.compareTo(redeliveryDelay) < 0) {
      throw new IllegalArgumentException("redeliveryDelay: must be at least 1 ms and at most maxRedeliveryDelay");
    }
    if (maxRedeliverCount < 1) {
      throw new IllegalArgumentException("maxRedeliverCount: must be at least 1, got " + maxRedeliverCount);
    }
    if (listenerName != null && !listenerName.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("listenerName: '" + listenerName + "' is not a valid listener name");
    }
  }

  /** Without a listener name (the broker's default address). */
  public PulsarBusConfig(String serviceUrl, String tenant, String namespace, String authToken, Path tlsTrustCertsFile,
      boolean tlsHostnameVerification, Duration batchingMaxDelay, int batchingMaxMessages, Duration redeliveryDelay,
      Duration maxRedeliveryDelay, int maxRedeliverCount) {
    this(serviceUrl, tenant, namespace, authToken, tlsTrustCertsFile, tlsHostnameVerification, batchingMaxDelay,
        batchingMaxMessages, redeliveryDelay, maxRedeliveryDelay, maxRedeliverCount, null);
  }

  /** Defaults for everything but where the cluster is and which namespace to use. */
  public static PulsarBusConfig of(String serviceUrl, String namespace) {
    return new PulsarBusConfig(serviceUrl, DEFAULT_TENANT, namespace, null, null, true,
        DEFAULT_BATCHING_MAX_DELAY, DEFAULT_BATCHING_MAX_MESSAGES, DEFAULT_REDELIVERY_DELAY,
        DEFAULT_MAX_REDELIVERY_DELAY, DEFAULT_MAX_REDELIVER_COUNT, null);
  }

  public PulsarBusConfig withAuthToken(String token) {
    return new PulsarBusConfig(serviceUrl, tenant, namespace, token, tlsTrustCertsFile, tlsHostnameVerification,
        batchingMaxDelay, batchingMaxMessages, redeliveryDelay, maxRedeliveryDelay, maxRedeliverCount, listenerName);
  }

  public PulsarBusConfig withListenerName(String name) {
    return new PulsarBusConfig(serviceUrl, tenant, namespace, authToken, tlsTrustCertsFile, tlsHostnameVerification,
        batchingMaxDelay, batchingMaxMessages, redeliveryDelay, maxRedeliveryDelay, maxRedeliverCount, name);
  }

  public PulsarBusConfig withMaxRedeliverCount(int count) {
    return new PulsarBusConfig(serviceUrl, tenant, namespace, authToken, tlsTrustCertsFile, tlsHostnameVerification,
        batchingMaxDelay, batchingMaxMessages, redeliveryDelay, maxRedeliveryDelay, count, listenerName);
  }

  /**
   * The topic {@code busTopic} of another namespace (a site's): {@code persistent://<tenant>/<site>/<busTopic>}.
   * The centre publishes commands, policies and model bundles to each site this way.
   */
  public String siteTopic(String site, String busTopic) {
    requireName(site, "site");
    requireText(busTopic, "topic");
    if (busTopic.contains("/") || busTopic.contains(",")) {
      throw new IllegalArgumentException("topic: '" + busTopic + "' must be a plain bus topic name");
    }
    return "persistent://" + tenant + "/" + site + "/" + busTopic;
  }

  /**
   * One bus topic name for {@code busTopic} in every one of {@code sites}' namespaces, to
   * subscribe to all of them at once (comma-separated, see {@link PulsarBus#subscribe}).
   */
  public String everySite(java.util.Collection<String> sites, String busTopic) {
    if (sites.isEmpty()) {
      throw new IllegalArgumentException("sites: at least one");
    }
    return String.join(",", sites.stream().map(s -> siteTopic(s, busTopic)).toList());
  }

  /** The full Pulsar topic name of a bus topic; a name that is already fully qualified is kept. */
  public String topicName(String busTopic) {
    requireText(busTopic, "topic");
    if (busTopic.contains(",")) {
      throw new IllegalArgumentException("topic: '" + busTopic + "' names several topics; publish to one");
    }
    if (busTopic.startsWith("persistent://") || busTopic.startsWith("non-persistent://")) {
      return busTopic;
    }
    if (busTopic.contains("/")) {
      throw new IllegalArgumentException("topic: '" + busTopic + "' has a '/' but is not fully qualified");
    }
    return "persistent://" + tenant + "/" + namespace + "/" + busTopic;
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + ": required");
    }
  }

  private static void requireName(String value, String field) {
    requireText(value, field);
    if (!value.matches("[A-Za-z0-9_.=:-]+")) {
      throw new IllegalArgumentException(field + ": '" + value + "' is not a valid Pulsar name");
    }
  }
}
