package io.sextant.testkit.netns;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sextant.common.netns.NetLab;
import io.sextant.testkit.peer.Peers;

/** What a test needs before it opens a {@link NetLab}. */
public final class NetLabs {
  private NetLabs() {}

  /**
   * Root (skips the test otherwise, where namespaces cannot be made), and iproute2, FRR, exabgp and
   * nftables (as root a missing one fails: CI installs them).
   */
  public static void require() {
    assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
    NetLab.TOOLS.forEach(Peers::require);
  }
}
