/**
 * Raising: how a detection or a diagnosis becomes X.733 alarm fields (event type, probable cause,
 * perceived severity, specific problem). The {@link io.sextant.alarm.raise.AlarmCatalog} is data,
 * not logic: it decides nothing about lifecycle, dedup or correlation.
 */
package io.sextant.alarm.raise;
