/**
 * {@code sextant lab --netns}: the central site, edge sites and two PoP routers as Linux network
 * namespaces with FRR eBGP over veth links, the real {@code sextant edge} of each site inside its
 * namespace, faults on real packets (nftables loss, a link down) on a schedule, and the wall-clock
 * report. Needs root, iproute2, FRR and nftables (docs/lab-netns.md). The namespaces, veth and
 * daemons themselves are {@link io.sextant.common.netns}; this package is the lab's topology,
 * faults, processes and scoring.
 */
package io.sextant.deploy.lab.netns;
