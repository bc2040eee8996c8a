/**
 * Correlation: which open root-cause alarms explain which resources. A diagnosis names a root
 * (the target) and its evidence (the symptom resources); symptom alarms on those resources are
 * grouped under the root (TMF642 {@code parentAlarm} / {@code correlatedAlarm}). This package
 * holds the index only; the engine decides when to group. Not thread-safe on its own.
 */
package io.sextant.alarm.correlate;
