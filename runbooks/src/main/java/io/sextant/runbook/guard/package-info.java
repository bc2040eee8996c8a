/** The guard every automated action passes: allow/deny, blast radius, rate limit, approval. */
package io.sextant.runbook.guard;
