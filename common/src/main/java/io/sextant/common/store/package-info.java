/** The central store SPI; the PostgreSQL implementation is in the store module. */
package io.sextant.common.store;
