/**
 * Lint rules of the kind Grafana's dashboard linter applies, for Sextant's dashboards: stable
 * uids, titles and descriptions, every query on the provisioned data source, units on numeric
 * panels, no hard-coded site, every variable used and every reference a known variable or
 * macro, time series that filter on time, sample values read through the rollups on long
 * ranges, links to dashboards that exist. Static checks only; the SQL runs in the sql package.
 */
package io.sextant.dashboards.lint;
