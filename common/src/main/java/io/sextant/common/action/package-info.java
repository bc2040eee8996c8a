/** The actuator SPI: the boundary where Sextant's decisions change the cloud. */
package io.sextant.common.action;
