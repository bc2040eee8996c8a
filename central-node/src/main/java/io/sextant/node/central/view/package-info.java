/**
 * The operators' read views of the centre (topology with link states and rerouted paths,
 * diagnoses, incidents, a site's KPI series with their detections), computed in plain Java from
 * the store, the live state and the topology; the HTTP layer
 * ({@code io.sextant.node.central.http}) serialises them.
 */
package io.sextant.node.central.view;
