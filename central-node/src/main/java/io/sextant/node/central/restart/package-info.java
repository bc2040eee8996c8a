/**
 * The centre's restart: what it reads back from its store at start so a killed process carries
 * on (open alarms, actions in flight, rate windows). Reads and hand-over only; the alarm engine
 * and the closed loop decide what the restored state means.
 */
package io.sextant.node.central.restart;
