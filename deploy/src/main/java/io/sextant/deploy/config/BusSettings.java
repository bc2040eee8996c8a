package io.sextant.deploy.config;

import io.sextant.bus.pulsar.PulsarBusConfig;
import java.nio.file.Path;

/**
 * Which bus a process uses. {@code IN_PROCESS} is only meaningful for the all-in-one; the central
 * and edge processes need {@code PULSAR}. The token is read from {@code authTokenFile} (never from
 * the command line or the configuration itself, so it does not end up in shell history or logs).
 */
public record BusSettings(Type type, String serviceUrl, String tenant, Path authTokenFile, Path tlsTrustCertsFile,
    boolean tlsHostnameVerification) {

  public enum Type { IN_PROCESS, PULSAR }

  public BusSettings {
    if (type == null) {
      throw new ConfigException("bus.type: required (pulsar or in-process)");
    }
    tenant = tenant == null ? PulsarBusConfig.DEFAULT_TENANT : tenant;
    if (type == Type.PULSAR && (serviceUrl == null || serviceUrl.isBlank())) {
      throw new ConfigException("bus.service-url: required for a pulsar bus (pulsar://host:6650 or pulsar+ssl://host:6651)");
    }
  }

  /** A Pulsar bus with the defaults (tenant {@code sextant}, no token, the JVM's trust store). */
  public static BusSettings pulsar(String serviceUrl) {
    return new BusSettings(Type.PULSAR, serviceUrl, null, null, null, true);
  }

  /** The client configuration of a process whose own topics live in {@code namespace}. */
  public PulsarBusConfig pulsarConfig(String namespace) {
    if (type != Type.PULSAR) {
      throw new ConfigException("bus.type: this command needs a pulsar bus, the configuration says " + type);
    }
    String token = authTokenFile == null ? null : ConfigFiles.readSecret(authTokenFile, "bus.auth-token-file");
    PulsarBusConfig base;
    try {
      base = PulsarBusConfig.of(serviceUrl, namespace);
      base = new PulsarBusConfig(base.serviceUrl(), tenant, namespace, token, tlsTrustCertsFile,
          tlsHostnameVerification, base.batchingMaxDelay(), base.batchingMaxMessages(), base.redeliveryDelay(),
          base.maxRedeliveryDelay(), base.maxRedeliverCount());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("bus: " + e.getMessage(), e);
    }
    return base;
  }
}
