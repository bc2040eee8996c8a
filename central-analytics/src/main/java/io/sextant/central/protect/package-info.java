/**
 * The life of a rerouted link after the reroute (protection switching, as G.8031/G.8032 do it):
 * the centre keeps protection probes crossing the link, clears the link's alarm once they show it
 * healthy for a number of windows, and after a wait-to-restore time restores the original routing
 * through the guard, verified on the restored paths' probes, then stops the probes.
 *
 * <p>{@link io.sextant.central.protect.LinkProtection} holds the state and decides; it does not
 * send on the bus, write alarms or change the cloud itself: it asks its
 * {@link io.sextant.central.protect.LinkProtection.Outputs} and the closed loop's restore executor.
 */
package io.sextant.central.protect;
