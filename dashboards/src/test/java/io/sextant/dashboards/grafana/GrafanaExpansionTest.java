package io.sextant.dashboards.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sextant.dashboards.model.Query;
import io.sextant.dashboards.model.Variable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The emulation against what Grafana's own sources and documentation say each step produces
 * (the PostgreSQL data source's macro examples, rangeutil's interval table, the SQL data sources'
 * quoting of variables).
 */
class GrafanaExpansionTest {
  private static final TimeRange RANGE = new TimeRange(Instant.parse("2017-04-21T05:01:17Z"),
      Instant.parse("2017-04-21T05:06:17Z"));
  private static final Variable SITE = variable("site", true, true, null);
  private static final Variable SINGLE = variable("host", false, false, null);
  private static final Variable CUSTOM_ALL = variable("region", true, true, ".*");

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "time filter | $__timeFilter(time) | time BETWEEN '2017-04-21T05:01:17Z' AND '2017-04-21T05:06:17Z'",
      "time from and to | $__timeFrom() < $__timeTo() | '2017-04-21T05:01:17Z' < '2017-04-21T05:06:17Z'",
      "time column | $__time(t) | t AS \"time\"",
      "time epoch | $__timeEpoch(t) | extract(epoch from t) as \"time\"",
      "time group | $__timeGroup(t, '5m') | floor(extract(epoch from t)/300)*300",
      "time group alias | $__timeGroupAlias(t,'1h') | floor(extract(epoch from t)/3600)*3600 AS \"time\"",
      "time group, 5.3 compatibility | `$__timeGroup(t,'5m'), v` | `floor(extract(epoch from t)/300)*300 AS \"time\", v`",
      "time group of 30 days, Go's float format | $__timeGroup(t, 30d) | floor(extract(epoch from t)/2.592e+06)*2.592e+06",
      "time group with the interval | $__timeGroupAlias(t, $__interval) | floor(extract(epoch from t)/60)*60 AS \"time\"",
      "unix epoch filter | $__unixEpochFilter(ts) | ts >= 1492750877 AND ts <= 1492751177",
      "unix epoch from, to | $__unixEpochFrom() $__unixEpochTo() | 1492750877 1492751177",
      "unix epoch group | $__unixEpochGroupAlias(ts, 10s) | floor((ts)/10)*10 AS \"time\"",
      "nano filter | $__unixEpochNanoFilter(ns) | ns >= 1492750877000000000 AND ns <= 1492751177000000000",
      "interval and interval_ms | $__interval $__interval_ms | 1m 60000",
      "one value of a multi-value variable | site IN ($site) | site IN ('edge-1')",
      "braces | site IN (${site}) | site IN ('edge-1')",
      "sqlstring format | ARRAY[${site:sqlstring}] | ARRAY['edge-1']",
      "unknown names stay for the backend | $__foo_bar x | $__foo_bar x"})
  void expandsLikeGrafana(String name, String sql, String expected) {
    Map<String, Selection> vars = Map.of("site", Selection.of(SITE, List.of("edge-1")));
    String out = sql.contains("$__foo_bar") ? TemplateVariables.interpolate(sql, vars, 60_000, RANGE)
        : GrafanaSql.expand(sql, vars, RANGE, 60_000);
    assertThat(out).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "several values, quoted and joined | site IN ($site) | central,edge-1 | false | site IN ('central','edge-1')",
      "All without a custom value: every option | site IN ($site) | central,edge-1,edge-2 | true | "
          + "site IN ('central','edge-1','edge-2')",
      "a quote in a value is doubled | site IN ($site) | `o'brien` | false | site IN ('o''brien')",
      "sqlstring also escapes double quotes | ${site:sqlstring} | `a\"b` | false | `'a\\\"b'`"})
  void quotesValuesAsTheSqlDataSourcesDo(String name, String sql, String values, boolean all, String expected) {
    List<String> list = List.of(values.split(","));
    Selection s = all ? Selection.all(SITE, list) : Selection.of(SITE, list);
    assertThat(GrafanaSql.expand(sql, Map.of("site", s), RANGE, 60_000)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "a single-value variable is inserted unquoted, quotes doubled | host = '$host' | `db'1` | host = 'db''1'",
      "a custom all value is inserted raw | region ~ '${region}' | ALL | region ~ '.*'"})
  void singleValueAndCustomAll(String name, String sql, String value, String expected) {
    Map<String, Selection> vars = Map.of("host", Selection.of(SINGLE, List.of(value)),
        "region", Selection.all(CUSTOM_ALL, List.of("eu", "us")));
    assertThat(GrafanaSql.expand(sql, vars, RANGE, 60_000)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} over {1} points: {2} ms, browser {3}, backend {4}")
  @CsvSource({
      "PT1H, 1000, 5000, 5s, 5s",
      "PT6H, 1000, 20000, 20s, 20s",
      "PT24H, 1000, 60000, 1m, 1m",
      "P7D, 1000, 600000, 10m, 10m",
      "P30D, 1000, 1800000, 30m, 30m",
      "P90D, 1000, 7200000, 2h, 2h",
      "P365D, 300, 86400000, 1d, 1d",
      "P3650D, 300, 604800000, 7d, 7d"})
  void intervalFromRangeAndResolution(Duration span, int points, long ms, String browser, String backend) {
    long interval = Intervals.intervalMs(TimeRange.last(span, RANGE.to()), points, Duration.ofSeconds(5));
    assertThat(interval).isEqualTo(ms);
    assertThat(Intervals.browserText(interval)).isEqualTo(browser);
    assertThat(Intervals.backendText(interval)).isEqualTo(backend);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({"300, 300", "0.5, 0.5", "86400, 86400", "604800, 604800", "2592000, 2.592e+06", "31536000, 3.1536e+07",
      "1000000, 1e+06", "0.0001, 0.0001", "0.00001, 1e-05"})
  void goFloatFormat(double v, String expected) {
    assertThat(Intervals.goFloat(v)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown macro | $__timeFilters(t) | unknown macro",
      "time group without interval | $__timeGroup(t) | needs time column and interval",
      "bad interval | $__timeGroup(t, fortnight) | error parsing interval"})
  void refusesWhatGrafanaRefuses(String name, String sql, String message) {
    assertThatThrownBy(() -> GrafanaSql.expand(sql, Map.of(), RANGE, 60_000)).hasMessageContaining(message);
  }

  private static Variable variable(String name, boolean multi, boolean includeAll, String allValue) {
    return new Variable(name, new Query(name, Query.TABLE, "SELECT 1", null), multi, includeAll, allValue,
        JsonNodeFactory.instance.objectNode());
  }
}
