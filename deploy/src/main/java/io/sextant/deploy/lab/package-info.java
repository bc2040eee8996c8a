/**
 * {@code sextant lab}: the distributed mode as real processes on one machine (PostgreSQL, Pulsar,
 * a central and one edge child JVM per site), its timeline and its score against the ground truth,
 * and the child-process handling the failure tests use too. Not a deployment tool: real sites run
 * {@code sextant central} and {@code sextant edge} under their own supervisor.
 */
package io.sextant.deploy.lab;
