/**
 * What Grafana does to a panel's SQL before PostgreSQL sees it, so the tests run the statement
 * Grafana would: the browser interpolates template variables (values quoted as SQL literals for
 * multi-value and include-All variables, {@code ${var:sqlstring}}, the All value) and
 * {@code $__interval}, chosen from the time range and the panel's resolution; then the
 * PostgreSQL data source's backend replaces its global macros and the {@code $__macro(...)}
 * calls. Written from Grafana's sources (public/app/features/plugins/sql, the scenes' format
 * registry, packages/grafana-data rangeutil, pkg/tsdb/grafana-postgresql-datasource macros and
 * sqleng), not copied; unit-tested in {@code GrafanaExpansionTest}.
 */
package io.sextant.dashboards.grafana;
