/**
 * The simulated distributed cloud shared by tests and {@code sextant demo}: a central site and N
 * edge sites on a backbone ring ({@link io.sextant.sim.TopologyGenerator}), KPI series
 * with a daily cycle and noise, a fault schedule with ground truth
 * ({@link io.sextant.sim.FaultSchedule}, {@link io.sextant.sim.GroundTruth}), and
 * an {@link io.sextant.common.action.Actuator} that applies and rolls back actions
 * ({@link io.sextant.sim.SimulatedCloud}).
 *
 * <p>Everything is seeded: each series' noise for one window is drawn from a generator derived
 * from (seed, resource, tick), so the same seed and the same calls give bit-identical samples in
 * any call order and on any thread. It does not model real packets, schedulers or wall time: time
 * is whatever the caller passes in.
 */
package io.sextant.sim;
