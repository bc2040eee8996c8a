package io.sextant.bus.pulsar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PulsarBusConfigTest {
  static final PulsarBusConfig SITE_1 = PulsarBusConfig.of("pulsar://127.0.0.1:6650", "site-1");

  @Test
  void busTopicsLiveInTheTenantAndNamespace() {
    assertThat(SITE_1.topicName("samples")).isEqualTo("persistent://sextant/site-1/samples");
  }

  @Test
  void fullyQualifiedTopicsAreKept() {
    assertThat(SITE_1.topicName("persistent://sextant/central/commands"))
        .isEqualTo("persistent://sextant/central/commands");
  }

  @Test
  void siteTopicsAreInTheSitesNamespace() {
    assertThat(SITE_1.siteTopic("site-2", "commands")).isEqualTo("persistent://sextant/site-2/commands");
    assertThat(SITE_1.everySite(java.util.List.of("site-1", "site-2"), "samples"))
        .isEqualTo("persistent://sextant/site-1/samples,persistent://sextant/site-2/samples");
  }

  @Test
  void theListenerNameIsKeptByTheCopyMethods() {
    assertThat(SITE_1.listenerName()).isNull();
    assertThat(SITE_1.withListenerName("wan").withAuthToken("t").withMaxRedeliverCount(3).listenerName()).isEqualTo("wan");
  }

  @Test
  void defaultsAreTheNamedConstants() {
    assertThat(SITE_1.tenant()).isEqualTo(PulsarBusConfig.DEFAULT_TENANT);
    assertThat(SITE_1.maxRedeliverCount()).isEqualTo(PulsarBusConfig.DEFAULT_MAX_REDELIVER_COUNT);
    assertThat(SITE_1.authToken()).isNull();
    assertThat(SITE_1.withAuthToken("t").authToken()).isEqualTo("t");
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(Named.of("http URL", (Supplier<?>) () -> PulsarBusConfig.of("http://x:8080", "a")), "serviceUrl"),
        Arguments.of(Named.of("blank namespace", (Supplier<?>) () -> PulsarBusConfig.of("pulsar://x:6650", " ")), "namespace"),
        Arguments.of(Named.of("slash in namespace", (Supplier<?>) () -> PulsarBusConfig.of("pulsar://x:6650", "a/b")), "namespace"),
        Arguments.of(Named.of("blank token", (Supplier<?>) () -> SITE_1.withAuthToken(" ")), "authToken"),
        Arguments.of(Named.of("no redelivery", (Supplier<?>) () -> SITE_1.withMaxRedeliverCount(0)), "maxRedeliverCount"),
        Arguments.of(Named.of("partial topic path", (Supplier<?>) () -> SITE_1.topicName("site-2/samples")), "topic"),
        Arguments.of(Named.of("several topics to publish to", (Supplier<?>) () -> SITE_1.topicName("a,b")), "topic"),
        Arguments.of(Named.of("path as site topic", (Supplier<?>) () -> SITE_1.siteTopic("site-2", "x/samples")), "topic"),
        Arguments.of(Named.of("bad site name", (Supplier<?>) () -> SITE_1.siteTopic("site 2", "samples")), "site"),
        Arguments.of(Named.of("no sites", (Supplier<?>) () -> SITE_1.everySite(java.util.List.of(), "samples")), "sites"),
        Arguments.of(Named.of("bad listener", (Supplier<?>) () -> SITE_1.withListenerName("a:b")), "listenerName"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void badSettingsAreRejectedNamingTheField(Supplier<?> make, String field) {
    assertThatThrownBy(make::get).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(field + ":");
  }
}
