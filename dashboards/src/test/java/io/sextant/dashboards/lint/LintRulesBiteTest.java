package io.sextant.dashboards.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.dashboards.model.Dashboard;
import io.sextant.dashboards.model.Dashboards;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A rule that never fails proves nothing: each one must flag the broken fixture, saying what is wrong. */
class LintRulesBiteTest {
  static Stream<Arguments> rules() {
    return Rules.all().stream().map(r -> Arguments.of(Named.of(r.name(), r)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void flagsTheBrokenDashboard(Rule rule) throws URISyntaxException {
    Dashboard broken = Dashboards.read(Path.of(getClass().getResource("/lint/broken-dashboard.json").toURI()));

    List<String> problems = rule.check(broken, DashboardLintTest.CONTEXT);

    assertThat(problems).as(rule.name()).isNotEmpty().allSatisfy(p -> assertThat(p).isNotBlank());
  }
}
