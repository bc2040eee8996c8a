/**
 * The centre's one HTTP port: {@link io.sextant.node.central.http.CentralHttp} starts Micronaut
 * with the alarm engine's controllers (TMF642, Alertmanager v2) and this package's (actions and
 * approvals, feedback, read views and KPIs, health, readiness, metrics, the OpenAPI document, and
 * the built-in console's files). Controllers
 * delegate in one line to plain services ({@link io.sextant.node.central.http.CentralApi},
 * {@code view.Views}); nothing here decides anything.
 */
package io.sextant.node.central.http;
