/**
 * Grafana provisioning for Sextant: the data sources (the central store read as the SELECT-only
 * {@code sextant_reader}, the centre's Alertmanager-compatible API), the file dashboard provider
 * and the dashboards, written into a directory by {@code sextant dashboards export}. The
 * dashboards' JSON lives in {@code dashboards/grafana/dashboards} and reaches this jar as
 * resources; their tests (every panel's SQL on a demo run) are in the {@code dashboards} module.
 * Nothing here talks to Grafana or the database.
 */
package io.sextant.deploy.dashboards;
