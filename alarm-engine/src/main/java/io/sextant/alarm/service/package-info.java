/**
 * The alarm engine as one running service: {@link io.sextant.alarm.service.AlarmService} wires
 * the engine, the listener chain (store → bus → notification pipeline), the receivers, routes,
 * rules and windows of an {@link io.sextant.alarm.service.AlarmServiceConfig} (a YAML file), the
 * bus subscriptions, the ticker and the HTTP API, and stops them on close. This is the one entry
 * point a deployment (e.g. {@code sextant central}) needs; it holds no alarm logic itself.
 */
package io.sextant.alarm.service;
