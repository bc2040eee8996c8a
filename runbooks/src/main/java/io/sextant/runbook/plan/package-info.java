/** Planners turn a runbook and its trigger into a concrete, sized action. */
package io.sextant.runbook.plan;
