/**
 * Escalation policy: how long an unacknowledged alarm of the given severities may stay open before
 * each level's receiver is told. Policy only; the notification pipeline applies it on its tick.
 */
package io.sextant.alarm.escalate;
