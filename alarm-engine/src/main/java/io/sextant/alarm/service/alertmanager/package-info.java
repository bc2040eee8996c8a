/**
 * Reads an existing Alertmanager configuration ({@code alertmanager.yml}) into the alarm service:
 * its routing tree with inheritance and time intervals, its receivers (webhook, Slack, PagerDuty
 * Events v2, e-mail) with the global defaults, its inhibition rules. What Sextant cannot do as
 * Alertmanager would (other integrations, Go templates, TLS and authentication settings) is
 * refused by name, all of it in one error, rather than loaded with a different meaning. It does
 * not validate what Alertmanager itself would refuse beyond what it needs to read the file:
 * {@code amtool check-config} does that.
 */
package io.sextant.alarm.service.alertmanager;
