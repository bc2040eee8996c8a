/** Loading and strict validation of YAML runbooks. */
package io.sextant.runbook.load;
