/**
 * The switches an operator needs before letting automation act, held by each node as one plain
 * service ({@link io.sextant.runbook.safety.AutomationControl}): dry run, pause for all sites or
 * one, change freezes, outside blackouts (the centre's silences and maintenance windows), and a
 * budget of actions per site per hour across all runbooks. The guard consults it before every
 * action; the configuration sets its initial state ({@link io.sextant.runbook.safety.AutomationSettings});
 * the centre's HTTP API and CLI change it at run time. No HTTP here.
 */
package io.sextant.runbook.safety;
