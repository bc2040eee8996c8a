/**
 * Raising: how a detection or a diagnosis becomes X.733 alarm fields (event type, probable cause,
 * perceived severity, specific problem). The {@link io.sextant.alarm.raise.AlarmCatalog} is data,
 * not logic: the built-in mapping is a file ({@code alarm-catalog.yaml} here), an operator's file
 * adds to it or replaces entries ({@link io.sextant.alarm.raise.AlarmCatalogFile}, validated
 * against X.733's event types and severities and the known probable causes). It decides nothing
 * about lifecycle, dedup or correlation.
 */
package io.sextant.alarm.raise;
