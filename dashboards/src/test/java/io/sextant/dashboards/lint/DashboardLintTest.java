package io.sextant.dashboards.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.dashboards.model.Dashboard;
import io.sextant.dashboards.model.Dashboards;
import io.sextant.deploy.dashboards.GrafanaProvisioning;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule on every dashboard, one named case each. */
class DashboardLintTest {
  private static final List<Dashboard> DASHBOARDS = Dashboards.source();
  static final LintContext CONTEXT = new LintContext(
      DASHBOARDS.stream().map(Dashboard::uid).collect(Collectors.toUnmodifiableSet()),
      "grafana-postgresql-datasource", GrafanaProvisioning.STORE_UID);

  static Stream<Arguments> cases() {
    return DASHBOARDS.stream().flatMap(d -> Rules.all().stream()
        .map(r -> Arguments.of(Named.of(d.uid(), d), Named.of(r.name(), r))));
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("cases")
  void passes(Dashboard d, Rule rule) {
    assertThat(rule.check(d, CONTEXT)).as("%s: %s", d.file(), rule.name()).isEmpty();
  }

  @Test
  void theSevenDashboardsOfTheIssueAreThere() {
    assertThat(DASHBOARDS).extracting(Dashboard::uid).containsExactlyInAnyOrder("sextant-noc", "sextant-site",
        "sextant-links", "sextant-alarms", "sextant-closed-loop", "sextant-models", "sextant-self");
  }

  @Test
  void titlesAreUniqueAcrossDashboards() {
    assertThat(DASHBOARDS.stream().map(Dashboard::title).collect(Collectors.toSet())).hasSameSizeAs(DASHBOARDS);
  }

  @Test
  void theVariablesTheIssueNamesExist() {
    Set<String> names = DASHBOARDS.stream().flatMap(d -> d.variables().stream()).map(v -> v.name())
        .collect(Collectors.toSet());
    assertThat(names).contains("site", "link", "service");
  }
}
