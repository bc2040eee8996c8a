/** The wire model: records for every message that crosses the bus or lands in the store. */
package io.sextant.common.model;
