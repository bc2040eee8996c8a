/**
 * Host KPIs of the node the edge process runs on, read from Linux /proc and /sys: CPU use from
 * /proc/stat deltas, memory from /proc/meminfo, disk I/O of whole disks from /proc/diskstats (the
 * disks listed in /sys/block, loop and ram devices left out), network per interface from
 * /proc/net/dev. It does not read cgroups, file systems or temperatures.
 */
package io.sextant.collector.source.host;
