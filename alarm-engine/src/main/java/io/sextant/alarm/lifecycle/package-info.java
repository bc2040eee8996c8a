/**
 * The alarm lifecycle as an explicit state machine: every legal transition of the TMF642 state
 * (raised, updated, cleared) and the acknowledgement state, in one method. It knows nothing of
 * detections, dedup or correlation; it only says which move is legal and where it leads.
 */
package io.sextant.alarm.lifecycle;
