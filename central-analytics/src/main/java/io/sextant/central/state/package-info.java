/** Central's live view, rebuilt from the bus: firing series, freshness, path loss. */
package io.sextant.central.state;
