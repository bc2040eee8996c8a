/** Topology of the distributed cloud (sites, nodes, links, probe paths, services) and routing. */
package io.sextant.common.topology;
