package io.sextant.dashboards.lint;

import java.util.Set;

/** What a rule checks a dashboard against: the other dashboards and the provisioned data source. */
public record LintContext(Set<String> dashboardUids, String datasourceType, String datasourceUid) {}
