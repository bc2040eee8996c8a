package io.sextant.alarm.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertQueryTest {
  static final Map<String, String> LABELS = Map.of("alertname", "DiskFull", "instance", "db-1", "severity", "critical");

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "equal            | alertname=DiskFull                          | true",
      "quoted           | alertname=\"DiskFull\"                      | true",
      "not equal        | severity!=\"critical\"                      | false",
      "regex, anchored  | instance=~\"db\"                            | false",
      "regex            | instance=~\"db-.*\"                         | true",
      "negative regex   | instance!~\"web-.*\"                        | true",
      "missing is empty | team=\"\"                                   | true",
      "braced list      | '{alertname=\"DiskFull\",severity=~\"crit.*\"}' | true",
      "comma in a value | 'instance=~\"db-1|db,2\"'                   | true"})
  void filtersMatchLikeAlertmanager(String name, String filter, boolean matches) {
    assertThat(AlertQuery.parse(List.of(filter), Map.of(), null).labelsMatch(LABELS)).isEqualTo(matches);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not a matcher     | alertname             | invalid_matcher",
      "bad regex         | alertname=~\"(\"      | invalid_matcher",
      "empty braces      | {}                    | invalid_matcher",
      "bad label name    | 1x=y                  | invalid_matcher"})
  void badFiltersAreRefusedWithAReason(String name, String filter, String reason) {
    assertThatThrownBy(() -> AlertQuery.parse(List.of(filter), Map.of(), null))
        .isInstanceOfSatisfying(AlertQuery.BadQuery.class, e -> assertThat(e.reason).isEqualTo(reason))
        .hasMessageContaining("filter");
  }

  @org.junit.jupiter.api.Test
  void flagsAndReceiver() {
    AlertQuery q = AlertQuery.parse(List.of(), Map.of("silenced", "false"), "noc|on-.*");
    assertThat(q.silenced()).isFalse();
    assertThat(q.active()).isTrue();
    assertThat(q.receiversMatch(List.of("on-call"))).isTrue();
    assertThat(q.receiversMatch(List.of("noc-2"))).as("anchored").isFalse();
    assertThatThrownBy(() -> AlertQuery.parse(List.of(), Map.of("active", "yes"), null))
        .hasMessageContaining("active must be true or false");
    assertThatThrownBy(() -> AlertQuery.parse(List.of(), Map.of(), "("))
        .isInstanceOfSatisfying(AlertQuery.BadQuery.class, e -> assertThat(e.reason).isEqualTo("invalid_receiver"));
    assertThatThrownBy(() -> AlertQuery.parse(List.of("a=" + "x".repeat(1 << 20)), Map.of(), null))
        .isInstanceOfSatisfying(AlertQuery.BadQuery.class, e -> assertThat(e.reason).isEqualTo("matcher_too_large"));
  }

  @org.junit.jupiter.api.Test
  void fingerprintsAreAlertmanagers() {
    // FNV-1a 64 of the empty label set is the offset basis.
    assertThat(Fingerprint.of(Map.of())).isEqualTo("cbf29ce484222325");
    assertThat(Fingerprint.of(Map.of("b", "2", "a", "1"))).isEqualTo(Fingerprint.of(new java.util.TreeMap<>(
        Map.of("a", "1", "b", "2")))).hasSize(16);
    assertThat(Fingerprint.of(Map.of("a", "1b"))).isNotEqualTo(Fingerprint.of(Map.of("a1", "b")));
  }

  @org.junit.jupiter.api.Test
  void theRoutingIsShownAsAnAlertmanagerConfig() {
    var router = new io.sextant.alarm.notify.Router(List.of(io.sextant.alarm.notify.Route.to("crit", "on-call",
        List.of(io.sextant.common.match.Matcher.parse("severity=critical")), List.of()).andContinue()),
        io.sextant.alarm.notify.Route.to("default", "noc", List.of(), List.of("alertname")));
    String yaml = InstanceStatus.configYaml(router, List.of("noc", "on-call"), List.of());
    assertThat(yaml).contains("receiver: noc", "group_by:\n  - alertname", "matchers:\n    - severity=\"critical\"",
        "continue: true", "group_wait: 30s", "repeat_interval: 4h", "- name: on-call");
  }
}
