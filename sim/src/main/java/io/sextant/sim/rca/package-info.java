/**
 * Generated microservice incidents for root-cause evaluation, in {@code sextant rca-eval}'s layout:
 * an application of 10–40 services calling each other (front ends, middle tiers, databases), its
 * metrics in a normal period, and incidents whose ground truth is the faulty service (CPU hog,
 * memory leak, delay, packet loss, disk) travelling to its callers along the calls. Seeded and
 * deterministic. It does not feed the live simulated cloud.
 */
package io.sextant.sim.rca;
