/**
 * The bus SPI ({@link io.sextant.common.bus.Bus}), its in-process implementation, and the typed
 * topics. The Pulsar implementation lives with the distributed mode and passes the same contract.
 */
package io.sextant.common.bus;
