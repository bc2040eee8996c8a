/**
 * Reading configuration files: typed, validated reads of YAML fields whose every error names the
 * field (and, through {@link io.sextant.common.config.YamlFields#load}, the file). The records a
 * file becomes live with the component they configure: the nodes, the simulator, the bus.
 */
package io.sextant.common.config;
