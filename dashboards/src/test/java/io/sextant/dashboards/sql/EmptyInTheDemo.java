package io.sextant.dashboards.sql;

import java.util.Map;

/**
 * Queries whose data a demo run does not produce, with the reason: their cases check that the SQL
 * runs and has the columns its panel needs, but not that rows come back. Everything else must
 * return rows with every variable at All. Keys are {@code uid/panel title/refId}.
 */
final class EmptyInTheDemo {
  static final Map<String, String> REASONS = Map.ofEntries(
      Map.entry("sextant-alarms/Open alarms/A", "the demo ends with every alarm cleared (nothing left behind: DemoIT asserts it)"),
      Map.entry("sextant-alarms/Flapping alarm keys/A", "each demo alarm is raised and cleared once: no key flaps"),
      Map.entry("sextant-alarms/Silences and maintenance windows/A", "the demo sets no silence or maintenance window"),
      Map.entry("sextant-alarms/Silence and window changes/A", "the demo sets no silence or maintenance window"),
      Map.entry("sextant-closed-loop/Guard refusals/A", "every demo action is within its runbook's guard"),
      Map.entry("sextant-closed-loop/Waiting for approval/A", "the built-in runbooks ask for no approval"),
      Map.entry("sextant-closed-loop/Rolled back, failed or unverified/A", "every demo action is verified"),
      Map.entry("sextant-models/Canary releases/A", "the demo releases its models to every site at once"),
      Map.entry("sextant-models/Rollbacks/A", "no model is rolled back in the demo"),
      Map.entry("sextant-self/Outbox depth per site/A", "the demo's simulated sites have no outbox: only sextant edge sends it"),
      Map.entry("sextant-site/Service requests/B", "no demo fault moves service_requests_per_second, so no baseline point"));

  private EmptyInTheDemo() {}
}
