/** The action lifecycle engine shared by edge and central: guard, apply, verify, roll back, audit. */
package io.sextant.runbook.execute;
