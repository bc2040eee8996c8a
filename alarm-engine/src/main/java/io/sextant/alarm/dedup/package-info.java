/**
 * Deduplication: which series are firing into each open alarm (so an alarm fed by several series
 * clears only when all have resolved), and which message ids were already applied (so a message
 * re-sent after a partition is not counted twice). Not thread-safe on their own: the engine
 * guards them with its lock.
 */
package io.sextant.alarm.dedup;
