package io.sextant.common.link;

import java.util.OptionalLong;

/** What a link's interface shows: its shaped rate and its transmitted bytes ({@link Tc} reads them from the kernel). */
public interface LinkStats {
  /** The shaped egress rate in bit/s, or empty when the interface is not shaped. */
  OptionalLong rateBps(LinkInterface i);

  /** The interface's transmitted bytes, a counter since it was created. */
  long txBytes(LinkInterface i);
}
