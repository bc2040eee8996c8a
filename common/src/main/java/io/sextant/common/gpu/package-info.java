/**
 * The vocabulary of GPU health shared by the edge (which alarms on NVIDIA DCGM exporter series) and
 * the centre (which turns the fatal ones into a GPU node failure): metric, label and rule names,
 * and which signals mean the node must be drained. No logic that needs state lives here.
 */
package io.sextant.common.gpu;
