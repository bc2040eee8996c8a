package io.sextant.central.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.bus.Bus;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.UploadPolicy;
import io.sextant.common.model.UploadPolicy.Mode;
import io.sextant.common.time.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyPublisherTest {
  static final Instant T = Instant.parse("2026-01-05T10:00:00Z");

  /** An in-process bus whose publishing can be refused. */
  static final class FlakyBus implements Bus {
    final InProcessBus inner = new InProcessBus(Set.of(Topic.POLICIES.name()));
    volatile boolean down;

    @Override
    public CompletableFuture<Void> publish(String topic, String key, byte[] payload) {
      return down ? CompletableFuture.failedFuture(new java.io.IOException("bus down")) : inner.publish(topic, key, payload);
    }

    @Override
    public Subscription subscribe(String topic, String subscription, Handler handler) {
      return inner.subscribe(topic, subscription, handler);
    }

    @Override
    public Subscription subscribeLatest(String topic, String subscription, Handler handler) {
      return inner.subscribeLatest(topic, subscription, handler);
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  @TempDir Path dir;
  Path file;
  final MutableClock clock = new MutableClock(T);
  final FlakyBus raw = new FlakyBus();
  final MessageBus bus = new MessageBus(raw);
  final List<UploadPolicy> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    file = dir.resolve("policies.yaml");
    write(1, "raw");
    bus.subscribe(Topic.POLICIES, "observer", received::add);
  }

  @AfterEach
  void tearDown() {
    bus.close();
  }

  void write(long version, String mode) throws Exception {
    Files.writeString(file, """
        sites:
          edge-1: {version: %d, default: %s}
          edge-2: {version: 1, default: raw}
        """.formatted(version, mode));
  }

  List<String> receivedSitesAndVersions() throws Exception {
    raw.inner.awaitIdle(Duration.ofSeconds(30));
    return received.stream().map(p -> p.site() + "@" + p.version() + ":" + p.defaultMode()).toList();
  }

  @Test
  void publishesEverySiteAtStartAndAChangedSiteOnCheck() throws Exception {
    try (PolicyPublisher pub = new PolicyPublisher(file, bus, clock)) {
      pub.start();
      assertThat(receivedSitesAndVersions()).containsExactly("edge-1@1:RAW", "edge-2@1:RAW");

      assertThat(pub.check()).isEmpty(); // nothing changed
      write(2, "local_only");
      assertThat(pub.check()).containsExactly("edge-1");
      assertThat(receivedSitesAndVersions()).containsExactly("edge-1@1:RAW", "edge-2@1:RAW", "edge-1@2:LOCAL_ONLY");
      assertThat(pub.published()).isEqualTo(3);
    }
  }

  @Test
  void aChangeWithoutAHigherVersionIsRefusedAndAnInvalidFileKeepsTheLastGoodPolicies() throws Exception {
    try (PolicyPublisher pub = new PolicyPublisher(file, bus, clock)) {
      pub.start();
      write(1, "aggregate");
      assertThat(pub.check()).isEmpty();
      assertThat(pub.versionNotRaised()).isEqualTo(1);

      Files.writeString(file, "sites: {edge-1: {version: 5, default: sometimes}}");
      assertThat(pub.check()).isEmpty();
      assertThat(pub.invalidFiles()).isEqualTo(1);
      assertThat(pub.policies().get("edge-1").version()).isEqualTo(1);
      assertThat(receivedSitesAndVersions()).containsExactly("edge-1@1:RAW", "edge-2@1:RAW");
    }
  }

  @Test
  void anInvalidFileAtStartIsAnError() throws Exception {
    Files.writeString(file, "sites: {edge-1: {default: raw}}");
    try (PolicyPublisher pub = new PolicyPublisher(file, bus, clock)) {
      assertThatThrownBy(pub::start).isInstanceOf(PolicyFileException.class)
          .hasMessageContaining("sites.edge-1.version: required");
    }
  }

  @Test
  void aRefusedPublishIsRetriedAndEverythingIsRepublishedPeriodically() throws Exception {
    try (PolicyPublisher pub = new PolicyPublisher(file, bus, clock)) {
      raw.down = true;
      pub.start();
      assertThat(pub.publishFailures()).isEqualTo(2);
      raw.down = false;
      assertThat(pub.check()).containsExactly("edge-1", "edge-2");
      assertThat(pub.check()).isEmpty();
      clock.advance(PolicyPublisher.DEFAULT_REPUBLISH_EVERY);
      assertThat(pub.check()).containsExactly("edge-1", "edge-2");
      assertThat(receivedSitesAndVersions()).containsExactly("edge-1@1:RAW", "edge-2@1:RAW", "edge-1@1:RAW",
          "edge-2@1:RAW");
    }
  }

  @Test
  void contentEqualityIgnoresThePublicationTime() {
    UploadPolicy a = new UploadPolicy(null, "edge-1", T, 1, Mode.RAW, null, null, null);
    UploadPolicy b = new UploadPolicy(null, "edge-1", T.plusSeconds(60), 1, Mode.RAW, null, null, null);
    assertThat(PolicyPublisher.sameContent(a, b)).isTrue();
    assertThat(PolicyPublisher.sameContent(a, new UploadPolicy(null, "edge-1", T, 1, Mode.AGGREGATE, null, null, null)))
        .isFalse();
  }
}
