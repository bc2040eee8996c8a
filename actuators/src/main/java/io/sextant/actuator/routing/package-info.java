/**
 * The routing adapter: moves traffic off an inter-cloud link (a BGP session) through FRR with a
 * route map applied by {@code vtysh}, and takes it off again; the outcome is what FRR's JSON shows
 * afterwards (the best path of the link's check prefix), never the absence of an error. Not here:
 * choosing what to move (the runbooks and the closed loop), nor probing the new path.
 */
package io.sextant.actuator.routing;
