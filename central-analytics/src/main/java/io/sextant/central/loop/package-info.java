/** The central closed loop: diagnosis to runbook to guarded, verified action. */
package io.sextant.central.loop;
