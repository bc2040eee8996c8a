package io.sextant.central.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.model.UploadPolicy;
import io.sextant.common.model.UploadPolicy.Mode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyFileTest {
  static final Instant T = Instant.parse("2026-01-05T10:00:00Z");

  static final String GOOD = """
      sites:
        edge-1:
          version: 3
          default: raw
          aggregateWindow: 5m
          redactLabels: [imsi, client_ip]
          rules:
            - metric: "subscriber_*"
              mode: local_only
            - metric: "host_disk_*"
              labels: {tier: bulk}
              mode: aggregate
        edge-2:
          version: 1
          default: aggregate
      """;

  @Test
  void readsEverySitesPolicy() {
    Map<String, UploadPolicy> p = PolicyFile.parse("policies.yaml", GOOD, T);
    assertThat(p).containsOnlyKeys("edge-1", "edge-2");
    UploadPolicy e1 = p.get("edge-1");
    assertThat(e1.version()).isEqualTo(3);
    assertThat(e1.site()).isEqualTo("edge-1");
    assertThat(e1.time()).isEqualTo(T);
    assertThat(e1.aggregateWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(e1.redactLabels()).containsExactly("imsi", "client_ip");
    assertThat(e1.rules()).containsExactly(
        new UploadPolicy.Rule("subscriber_*", Map.of(), Mode.LOCAL_ONLY),
        new UploadPolicy.Rule("host_disk_*", Map.of("tier", "bulk"), Mode.AGGREGATE));
    UploadPolicy e2 = p.get("edge-2");
    assertThat(e2.defaultMode()).isEqualTo(Mode.AGGREGATE);
    assertThat(e2.rules()).isEmpty();
    assertThat(e2.aggregateWindow()).isEqualTo(UploadPolicy.DEFAULT_AGGREGATE_WINDOW);
  }

  @Test
  void readsJsonToo() {
    String json = """
        {"sites": {"edge-1": {"version": 2, "redactLabels": ["imsi"],
          "rules": [{"metric": "x_*", "mode": "LOCAL_ONLY"}]}}}
        """;
    UploadPolicy p = PolicyFile.parse("policies.json", json, T).get("edge-1");
    assertThat(p.rules()).extracting(UploadPolicy.Rule::mode).containsExactly(Mode.LOCAL_ONLY);
    assertThat(p.redactLabels()).containsExactly("imsi");
  }

  static Stream<Arguments> bad() {
    return Stream.of(
        Arguments.of("not yaml", "sites: [a, b", "not valid YAML or JSON"),
        Arguments.of("no sites", "other: 1", "other: unknown field (allowed: sites)"),
        Arguments.of("empty sites", "sites: {}", "sites: required"),
        Arguments.of("missing version", "sites: {edge-1: {default: raw}}", "sites.edge-1.version: required"),
        Arguments.of("fractional version", "sites: {edge-1: {version: 1.5}}", "sites.edge-1.version: expected a whole number"),
        Arguments.of("negative version", "sites: {edge-1: {version: -1}}", "sites.edge-1.version: must be >= 0"),
        Arguments.of("typo in a field", "sites: {edge-1: {version: 1, redact: [imsi]}}",
            "sites.edge-1.redact: unknown field (allowed: aggregateWindow, default, redactLabels, rules, version)"),
        Arguments.of("bad default", "sites: {edge-1: {version: 1, default: never}}",
            "sites.edge-1.default: invalid value 'never' (allowed: raw, aggregate, local_only)"),
        Arguments.of("bad mode", "sites: {edge-1: {version: 1, rules: [{metric: a, mode: x}, {metric: b, mode: drop}]}}",
            "sites.edge-1.rules[0].mode: invalid value 'x'"),
        Arguments.of("rule without mode", "sites: {edge-1: {version: 1, rules: [{metric: a}]}}",
            "sites.edge-1.rules[0].mode: required"),
        Arguments.of("rule without metric", "sites: {edge-1: {version: 1, rules: [{mode: raw}]}}",
            "sites.edge-1.rules[0].metric: required"),
        Arguments.of("metric that never matches", "sites: {edge-1: {version: 1, rules: [{metric: 'a b', mode: raw}]}}",
            "sites.edge-1.rules[0].metric: 'a b' can never match"),
        Arguments.of("label without value", "sites: {edge-1: {version: 1, rules: [{metric: a, mode: raw, labels: {tier: }}]}}",
            "sites.edge-1.rules[0].labels.tier: needs a value"),
        Arguments.of("unknown rule field", "sites: {edge-1: {version: 1, rules: [{metric: a, mode: raw, match: x}]}}",
            "sites.edge-1.rules[0].match: unknown field"),
        Arguments.of("window too short", "sites: {edge-1: {version: 1, aggregateWindow: 500ms}}",
            "sites.edge-1.aggregateWindow: must be whole seconds between 1s and 1d"),
        Arguments.of("window not a duration", "sites: {edge-1: {version: 1, aggregateWindow: soon}}",
            "sites.edge-1.aggregateWindow: not a duration"),
        Arguments.of("redact not a list", "sites: {edge-1: {version: 1, redactLabels: imsi}}",
            "sites.edge-1.redactLabels: expected a list"),
        Arguments.of("bad label name", "sites: {edge-1: {version: 1, redactLabels: [ok, 'not ok']}}",
            "sites.edge-1.redactLabels[1]: 'not ok' is not a label name"),
        Arguments.of("site not a mapping", "sites: {edge-1: 3}", "sites.edge-1: expected a mapping"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void rejectsWithTheFieldAndTheReason(String name, String text, String message) {
    assertThatThrownBy(() -> PolicyFile.parse("policies.yaml", text, T))
        .isInstanceOf(PolicyFileException.class)
        .hasMessageStartingWith("policies.yaml: ")
        .hasMessageContaining(message);
  }

  @Test
  void aPolicyFromTheFileSurvivesTheWireCodec() {
    UploadPolicy p = PolicyFile.parse("policies.yaml", GOOD, T).get("edge-1");
    byte[] wire = io.sextant.common.codec.JsonCodec.get().encode(p);
    assertThat(io.sextant.common.codec.JsonCodec.get().decode(wire, UploadPolicy.class)).isEqualTo(p);
    assertThat(List.of(p.id())).containsExactly(io.sextant.common.model.Ids.of("pol", "edge-1", "3"));
  }
}
