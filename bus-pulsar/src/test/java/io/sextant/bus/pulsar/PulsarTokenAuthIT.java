package io.sextant.bus.pulsar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.pulsar.launcher.BrokerProcess;
import io.sextant.pulsar.launcher.Protocol;
import io.sextant.pulsar.launcher.Tokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.common.policies.data.AuthAction;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token authentication against a standalone of its own that requires it (tokens signed on the JDK
 * by the launcher's {@link Tokens}, checked by the broker), with a namespace per site and the
 * site's role allowed only in its own namespace (how an edge is kept out of other sites' topics).
 */
class PulsarTokenAuthIT {
  static final byte[] SECRET = "sextant-test-secret-key-of-32-bytes!".getBytes(StandardCharsets.UTF_8);
  static final String EDGE_ROLE = "edge-site-1";
  @TempDir static Path dir;
  static BrokerProcess pulsar;

  @BeforeAll
  static void start() throws Exception {
    Path key = Files.write(dir.resolve("secret.key"), SECRET);
    pulsar = BrokerProcess.start(BrokerProcess.Options.of(PulsarBusConfig.DEFAULT_TENANT, "site-1", "site-2")
        .withTokenSecretKeyFile(key).withLog(dir.resolve("pulsar.log")));
    try (PulsarAdmin admin = PulsarAdmin.builder().serviceHttpUrl(pulsar.webServiceUrl())
        .authentication(AuthenticationFactory.token(Tokens.create(SECRET, Protocol.SUPER_USER))).build()) {
      admin.namespaces().grantPermissionOnNamespace("sextant/site-1", EDGE_ROLE,
          EnumSet.of(AuthAction.produce, AuthAction.consume));
    }
  }

  @AfterAll
  static void stop() {
    if (pulsar != null) {
      pulsar.close();
    }
  }

  private static PulsarBusConfig site(String namespace) {
    return PulsarBusConfig.of(pulsar.serviceUrl(), namespace);
  }

  @Test
  void aValidTokenPublishesAndConsumesInItsOwnNamespace() throws Exception {
    try (PulsarBus bus = PulsarBus.connect(site("site-1").withAuthToken(Tokens.create(SECRET, EDGE_ROLE)))) {
      List<String> got = Collections.synchronizedList(new ArrayList<>());
      bus.subscribe("samples", "central", d -> got.add(new String(d.payload(), StandardCharsets.UTF_8)));
      bus.publish("samples", "series-1", "hello".getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
      Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> !got.isEmpty());
      assertThat(got).containsExactly("hello");
    }
  }

  @Test
  void withoutATokenNothingIsPublished() throws Exception {
    try (PulsarBus bus = PulsarBus.connect(site("site-1"))) {
      assertThatThrownBy(() -> bus.publish("samples", "k", new byte[] {1}).get(60, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
    }
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
    byte[] otherKey = Arrays.copyOf(SECRET, SECRET.length);
    otherKey[0] ^= 1;
    try (PulsarBus bus = PulsarBus.connect(site("site-1").withAuthToken(Tokens.create(otherKey, EDGE_ROLE)))) {
      assertThatThrownBy(() -> bus.publish("samples", "k", new byte[] {1}).get(60, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
    }
  }

  @Test
  void anEdgeCannotPublishIntoAnotherSitesNamespace() throws Exception {
    try (PulsarBus bus = PulsarBus.connect(site("site-2").withAuthToken(Tokens.create(SECRET, EDGE_ROLE)))) {
      assertThatThrownBy(() -> bus.publish("samples", "k", new byte[] {1}).get(60, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("uthoriz");
    }
  }
}
