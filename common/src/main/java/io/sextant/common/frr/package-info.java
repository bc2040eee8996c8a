/**
 * Talking to FRR (the routing daemon) through {@code vtysh} and reading its JSON answers: the BGP
 * summary (per-session state) and one prefix's paths (which session carries the best path). Shared
 * by the edge's BGP source, which watches, and the routing adapter, which changes and then reads
 * back. Not here: what either makes of the answers.
 */
package io.sextant.common.frr;
