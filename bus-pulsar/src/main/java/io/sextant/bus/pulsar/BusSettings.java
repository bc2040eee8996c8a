package io.sextant.bus.pulsar;

import static io.sextant.common.config.Keys.key;
import static io.sextant.common.config.YamlFields.bool;
import static io.sextant.common.config.YamlFields.choice;
import static io.sextant.common.config.YamlFields.known;
import static io.sextant.common.config.YamlFields.path;
import static io.sextant.common.config.YamlFields.string;

import io.sextant.common.config.ConfigException;
import io.sextant.common.config.Keys;
import io.sextant.common.config.YamlFields;
import java.nio.file.Path;
import java.util.Map;

/**
 * A node's {@code bus:} section: how it reaches the Pulsar cluster. The token is read from
 * {@code authTokenFile} (never from the command line or the configuration itself, so it does not
 * end up in shell history or logs), when the node connects.
 */
public record BusSettings(String serviceUrl, String tenant, Path authTokenFile, Path tlsTrustCertsFile,
    boolean tlsHostnameVerification) {
  /** The keys of a {@code bus:} section, documented. */
  public static final Keys KEYS = Keys.of("bus", "How the node reaches Apache Pulsar (docs/pulsar.md).",
      key("type", "pulsar", "pulsar", "the bus; the nodes have one (the all-in-one's in-process bus is not configured)"),
      key("service-url", "URL", "required", "pulsar://host:6650, or pulsar+ssl://host:6651 for TLS "
          + "(--service-url overrides)"),
      key("tenant", "name", PulsarBusConfig.DEFAULT_TENANT, "the Pulsar tenant; a namespace per site in it"),
      key("auth-token-file", "path", "—", "a file holding the JWT of token authentication; never the token itself "
          + "in this file or on a command line"),
      key("tls-trust-certs-file", "path", "the JVM's trust store", "PEM of the CA that signed the brokers' "
          + "certificates"),
      key("tls-hostname-verification", "true or false", "true", "check the broker's certificate names its host"));

  public BusSettings {
    tenant = tenant == null ? PulsarBusConfig.DEFAULT_TENANT : tenant;
    if (serviceUrl == null || serviceUrl.isBlank()) {
      throw new ConfigException("bus.service-url: required (pulsar://host:6650 or pulsar+ssl://host:6651)");
    }
  }

  /** A Pulsar bus with the defaults (tenant {@code sextant}, no token, the JVM's trust store). */
  public static BusSettings pulsar(String serviceUrl) {
    return new BusSettings(serviceUrl, null, null, null, true);
  }

  /** Reads a {@code bus:} section; relative paths against {@code base}. */
  public static BusSettings read(Map<String, Object> bus, Path base) {
    known(bus, KEYS.names(), "bus.");
    choice(bus, "type", "bus.", "pulsar", "pulsar");
    return new BusSettings(string(bus, "service-url", "bus.", null), string(bus, "tenant", "bus.", null),
        path(bus, "auth-token-file", "bus.", base), path(bus, "tls-trust-certs-file", "bus.", base),
        bool(bus, "tls-hostname-verification", "bus.", true));
  }

  public BusSettings withServiceUrl(String url) {
    return new BusSettings(url, tenant, authTokenFile, tlsTrustCertsFile, tlsHostnameVerification);
  }

  /** The client configuration of a node whose own topics live in {@code namespace}. */
  public PulsarBusConfig pulsarConfig(String namespace) {
    String token = authTokenFile == null ? null : YamlFields.readSecret(authTokenFile, "bus.auth-token-file");
    try {
      PulsarBusConfig base = PulsarBusConfig.of(serviceUrl, namespace);
      return new PulsarBusConfig(base.serviceUrl(), tenant, namespace, token, tlsTrustCertsFile,
          tlsHostnameVerification, base.batchingMaxDelay(), base.batchingMaxMessages(), base.redeliveryDelay(),
          base.maxRedeliveryDelay(), base.maxRedeliverCount());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("bus: " + e.getMessage(), e);
    }
  }
}
