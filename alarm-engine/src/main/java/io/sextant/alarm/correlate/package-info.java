/**
 * Correlation: which open root-cause alarms explain which resources. A diagnosis names a root
 * (the target) and its evidence (the symptom resources); symptom alarms on those resources are
 * grouped under the root (TMF642 {@code parentAlarm} / {@code correlatedAlarm}). Alarms no
 * diagnosis explains can be grouped by time instead ({@link io.sextant.alarm.correlate.WindowGroups}:
 * same site or labels, within a window of the group's first alarm). This package holds the
 * indexes only; the engine decides when to group. Not thread-safe on its own.
 */
package io.sextant.alarm.correlate;
