package io.sextant.testkit.netns;

import io.sextant.common.link.LinkInterface;
import io.sextant.common.link.Tc;
import io.sextant.common.netns.NetLab;
import io.sextant.common.netns.Netns;

/**
 * The link the shaping tests share: namespaces {@code s1} and {@code s2} joined by a veth pair
 * {@code l} (10.0.9.1/30 – 10.0.9.2/30), s1's end shaped to {@code mbps} with a root tbf: traffic
 * from s1 to {@link #TO} is limited by it.
 */
public record ShapedLink(Netns sender, Netns receiver, LinkInterface out) {
  public static final String TO = "10.0.9.2";
  public static final long MBIT = 1_000_000;

  public static ShapedLink build(NetLab lab, long mbps) {
    Netns s1 = lab.namespace("s1");
    Netns s2 = lab.namespace("s2");
    lab.link(s1, "l", "10.0.9.1/30", s2, "l", TO + "/30");
    LinkInterface out = new LinkInterface(s1.id(), "l");
    new Tc().setRate(out, mbps * MBIT);
    return new ShapedLink(s1, s2, out);
  }

  /** {@link UdpBlast} from the sender to the receiver's discard port at {@code mbps} (0: unpaced). */
  public Process blast(long mbps, int seconds) throws java.io.IOException {
    return UdpBlast.start(sender, TO, 9, mbps, seconds);
  }
}
