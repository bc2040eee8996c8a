/**
 * The adapters that change real infrastructure behind the {@link io.sextant.common.action.Actuator}
 * SPI, one package each ({@code hook}, {@code kubernetes}, {@code command}), and the
 * {@link io.sextant.actuator.ActuatorDispatcher} that picks one per action kind and per site from
 * a node's {@code actuators:} configuration. Depends on {@code common} only: the edge and the
 * centre both use it.
 */
package io.sextant.actuator;
