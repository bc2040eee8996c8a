/**
 * The command adapter: runs an allow-listed local program (restart a systemd unit at an edge
 * gateway, say) with arguments filled from the action, never through a shell, under a timeout,
 * its exit status and output written into the audit. No program outside the allow-list runs.
 */
package io.sextant.actuator.command;
