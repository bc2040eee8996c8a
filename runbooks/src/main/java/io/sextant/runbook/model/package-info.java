/** The runbook model: trigger, action, guard and verification policy, as records. */
package io.sextant.runbook.model;
