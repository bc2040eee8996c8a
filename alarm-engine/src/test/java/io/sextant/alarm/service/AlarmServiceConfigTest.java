package io.sextant.alarm.service;

import io.sextant.alarm.notify.Outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.alarm.correlate.WindowGrouping;
import io.sextant.alarm.ingest.IntakeDurability;
import io.sextant.common.model.Severity;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlarmServiceConfigTest {
  static Path example() throws URISyntaxException {
    return Path.of(AlarmServiceConfigTest.class.getResource("/alarm-engine.example.yml").toURI());
  }

  @Test
  void theDocumentedExampleLoads() throws URISyntaxException {
    AlarmServiceConfig c = AlarmServiceConfig.load(example());

    assertThat(c.apiPort()).isEqualTo(9093);
    assertThat(c.grouping()).isEqualTo(new WindowGrouping(Duration.ofMinutes(2), List.of("site")));
    assertThat(c.receivers()).containsOnlyKeys("noc-webhook", "noc-slack", "on-call", "events", "mail");
    assertThat(c.router().routesFor(Map.of("severity", "critical", "site", "core-1")))
        .extracting(r -> r.receiver()).containsExactly("on-call", "noc-slack");
    assertThat(c.router().routesFor(Map.of("severity", "minor", "site", "edge-1")))
        .extracting(r -> r.receiver()).containsExactly("noc-webhook");
    assertThat(c.inhibitRules()).singleElement().satisfies(r -> assertThat(r.equal()).containsExactly("instance"));
    assertThat(c.maintenanceWindows()).hasSize(2);
    assertThat(c.escalation().severities()).containsExactly(Severity.CRITICAL);
    assertThat(c.escalation().levels()).hasSize(2);
    assertThat(c.retry().initialBackoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.tickEvery()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.intake()).isEqualTo(IntakeDurability.DEFAULT);
    assertThat(AlarmServiceConfig.parse("intake: {durability: commit, maxDelay: 1s}").intake())
        .isEqualTo(new IntakeDurability(IntakeDurability.Mode.COMMIT, Duration.ofSeconds(1)));
  }

  /** As Alertmanager's child routes: what a route under the fallback does not set, it takes from it. */
  @Test
  void routesUnderTheFallbackInheritItsGroupingAndTimings() {
    AlarmServiceConfig c = AlarmServiceConfig.parse("""
        receivers: [{name: w, type: webhook, url: 'http://x'}, {name: s, type: slack, url: 'http://y'}]
        route:
          receiver: w
          groupBy: [site]
          groupWait: 1s
          groupInterval: 2s
          repeatInterval: 30s
          routes:
            - {name: inherits, matchers: ['a="1"'], receiver: s}
            - {name: own, matchers: ['a="2"'], receiver: s, groupBy: [alertname], groupWait: 5s}
        """);
    assertThat(c.router().routesFor(Map.of("a", "1"))).singleElement().satisfies(r -> {
      assertThat(r.groupBy()).containsExactly("site");
      assertThat(List.of(r.groupWait(), r.groupInterval(), r.repeatInterval()))
          .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(30));
    });
    assertThat(c.router().routesFor(Map.of("a", "2"))).singleElement().satisfies(r -> {
      assertThat(r.groupBy()).containsExactly("alertname");
      assertThat(r.groupWait()).isEqualTo(Duration.ofSeconds(5));
      assertThat(r.repeatInterval()).isEqualTo(Duration.ofSeconds(30));
    });
  }

  @Test
  void withNoReceiversAlarmsAreNotifiedNowhere() {
    AlarmServiceConfig c = AlarmServiceConfig.parse("");
    assertThat(c.receivers()).containsOnlyKeys(ReceiverSpec.NONE);
    assertThat(c.router().routesFor(Map.of("alertname", "x"))).extracting(r -> r.receiver()).containsExactly("none");
    assertThat(c.receivers().get("none").build(null, null).send(null).status()).isEqualTo(Outcome.Status.DELIVERED);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      no fallback receiver | receivers: [{name: w, type: webhook, url: 'http://x'}]                              | route.receiver is required
      unknown receiver     | route: {receiver: nobody}                                                             | route default names receiver 'nobody'
      typo in a key        | route: {receiver: w, groupWiat: 5s}\\nreceivers: [{name: w, type: webhook, url: 'http://x'}] | route.groupWiat is not a known setting
      bad duration         | route: {receiver: w, groupWait: soon}\\nreceivers: [{name: w, type: webhook, url: 'http://x'}] | route.groupWait 'soon' is not a duration
      bad url              | route: {receiver: w}\\nreceivers: [{name: w, type: webhook, url: 'ftp://x'}]           | receivers[0].url 'ftp://x' must be an http or https URL
      bad matcher          | route: {receiver: w, routes: [{name: r, receiver: w, matchers: ['a~b']}]}\\nreceivers: [{name: w, type: webhook, url: 'http://x'}] | route.routes[0].matchers[0]: matcher 'a~b'
      unknown type         | route: {receiver: w}\\nreceivers: [{name: w, type: fax}]                               | receivers[0].type 'fax' is not one of
      bad weekday          | route: {receiver: w}\\nreceivers: [{name: w, type: webhook, url: 'http://x'}]\\nmaintenanceWindows: [{id: m, matchers: ['a=b'], daily: '01:00', length: 1h, days: [someday]}] | maintenanceWindows[0].days: 'someday' is not a weekday
      bad durability       | intake: {durability: async}                                                           | intake.durability: 'async' is not commit or batched
      zero max delay       | intake: {maxDelay: 0s}                                                                | intake.maxDelay: maxDelay must be in (0, 10s]
      unknown intake key   | intake: {fsync: false}                                                                | intake.fsync is not a known setting
      not yaml             | route: [unclosed                                                                      | config is not valid YAML
      """)
  void aBadFileIsRejectedNamingTheField(String name, String yaml, String message) {
    assertThatThrownBy(() -> AlarmServiceConfig.parse(yaml.replace("\\n", "\n")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }
}
