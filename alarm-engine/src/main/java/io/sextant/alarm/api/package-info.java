/**
 * The TMF642 Alarm Management REST API (v4) over an {@link io.sextant.alarm.AlarmEngine}: list,
 * get, acknowledge, unacknowledge, clear and comment. Framework code only: every endpoint
 * delegates to the engine in one line and maps the result through {@link
 * io.sextant.alarm.api.Tmf642Alarm}; filtering is the plain {@link io.sextant.alarm.api.AlarmQuery}.
 * Grouping and ungrouping by hand are not offered: correlation comes from diagnoses.
 */
package io.sextant.alarm.api;
