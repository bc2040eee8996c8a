/**
 * Keeps the processes of a simulated distributed deployment in step: each process builds its own
 * copy of the seeded cloud, so a change must reach every copy. The centre sends each action to
 * every site as a command before applying it to its own copy ({@link
 * io.sextant.sim.replica.BroadcastActuator}); an edge records what it applied
 * ({@link io.sextant.sim.replica.RecordingActuator}) in its {@link io.sextant.sim.replica.EdgeState}
 * so a restart rebuilds the same copy. Live sites need none of this: their infrastructure is the
 * one copy.
 */
package io.sextant.sim.replica;
