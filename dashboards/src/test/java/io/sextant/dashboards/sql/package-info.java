/**
 * Every query of every dashboard (panel targets, annotations, variables) run on a real
 * PostgreSQL filled by one demo run per test JVM ({@link io.sextant.dashboards.sql.DemoStore}),
 * as the read-only role Grafana connects with, after Grafana's expansion of its macros and
 * variables (one value, several, All, a quote in a value) over short and long ranges; each result
 * must have the columns its panel type needs ({@link io.sextant.dashboards.sql.Shapes}).
 */
package io.sextant.dashboards.sql;
