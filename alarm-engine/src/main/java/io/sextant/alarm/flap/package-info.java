/**
 * Flap detection by alarm key: counts raises and clears in a sliding window and marks a key
 * flapping above a threshold, unmarking it (hysteresis) only when the count falls to a lower
 * level, so a key on the edge does not toggle its own flapping mark. Time comes from the caller.
 */
package io.sextant.alarm.flap;
