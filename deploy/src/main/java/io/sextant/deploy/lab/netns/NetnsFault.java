package io.sextant.deploy.lab.netns;

import io.sextant.deploy.lab.netns.NetnsTopology.Site;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One fault of the lab's schedule, on real packets, on the link between {@code site} and pop-1 (the
 * link its traffic normally takes): {@link Kind#LOSS} drops {@code lossPercent} % of the packets
 * pop-1 receives over it (nftables {@code numgen random mod 100 < N drop} on the ingress of
 * pop-1's interface, so a probe's round trip over the link loses N %, whichever end sent it);
 * {@link Kind#LINK_DOWN} sets the site's end of the veth down; {@link Kind#GPU_NODE_FAILURE} is not on
 * a link: the site's first GPU node ({@link GpuNodes}) reports XID 79 and loses a GPU from its DCGM
 * answer. {@link Kind#BGP_OSCILLATION} is not on that link either: the site's external peer
 * withdraws and re-announces a prefix on one session, links up ({@link BgpOscillation}, which the
 * lab builds and plays). {@code at} is from the end of the warm-up; {@code id} names it in the report.
 */
public record NetnsFault(String id, Kind kind, String site, int lossPercent, Duration at, Duration duration) {
  public enum Kind { LOSS, LINK_DOWN, GPU_NODE_FAILURE, BGP_OSCILLATION }

  public NetnsFault {
    if (kind == Kind.LOSS && (lossPercent <= 0 || lossPercent >= 100)) {
      throw new IllegalArgumentException("lossPercent: 1..99, not " + lossPercent);
    }
    if (at.isNegative() || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("at >= 0 and duration > 0");
    }
  }

  /** The BGP oscillation on {@code site}'s external session, from {@code at} for {@code duration}. */
  public static NetnsFault oscillation(String id, String site, Duration at, Duration duration) {
    return new NetnsFault(id, Kind.BGP_OSCILLATION, site, 0, at, duration);
  }


  int siteIndex() {
    return NetnsTopology.siteIds(9).indexOf(site);
  }

  /** The topology's id of the faulty link. */
  public String link() {
    return NetnsTopology.linkId(site, NetnsTopology.POP1);
  }

  /** What the fault is on, as the report and diagnoses name it: the link, the failed GPU node, or the flapping session. */
  public String target() {
    return switch (kind) {
      case GPU_NODE_FAILURE -> "node:" + gpuNode();
      case BGP_OSCILLATION -> BgpOscillation.session(site, siteIndex());
      default -> "link:" + link();
    };
  }

  /** The GPU node a {@link Kind#GPU_NODE_FAILURE} fails: the site's first. */
  public String gpuNode() {
    return GpuNodes.nodeId(site, 1);
  }

  public Duration end() {
    return at.plus(duration);
  }

  /**
   * The default schedule: 2 % loss on edge-1's link, 5 % on edge-2's, then edge-3's link down, each
   * on its own site (a rerouted link stays off until the wait-to-restore, so a second fault on it
   * would go unseen), 45 s apart: the centre locates nothing new for 30 s after the routes change.
   * With fewer than 3 edge sites only the first: once edge-1's paths are moved to pop-2, the
   * central site and edge-2 are the only sites left on pop-1, so their two links are crossed by
   * the same probe paths and no localizer can tell them apart. Besides, whatever the sites, a BGP
   * route oscillation on edge-1's external session for 30 s (from 50 s, or from 0 s with fewer
   * than 3 edge sites): it is on no probe path, so it overlaps the others without touching their
   * scores.
   */
  public static List<NetnsFault> defaults(int edgeSites) {
    List<NetnsFault> all = new ArrayList<>();
    all.add(new NetnsFault("loss-2pct", Kind.LOSS, "edge-1", 2, Duration.ZERO, Duration.ofSeconds(40)));
    if (edgeSites >= 3) {
      all.add(new NetnsFault("loss-5pct", Kind.LOSS, "edge-2", 5, Duration.ofSeconds(45), Duration.ofSeconds(40)));
      all.add(new NetnsFault("link-down", Kind.LINK_DOWN, "edge-3", 0, Duration.ofSeconds(90),
          Duration.ofSeconds(30)));
    }
    all.add(gpuNodeFailure(edgeSites));
    // Off every probe path (edge-1's own service prefix, on its external peer), so it may overlap the others.
    all.add(oscillation("bgp-oscillation", "edge-1", Duration.ofSeconds(edgeSites >= 3 ? 50 : 0),
        Duration.ofSeconds(30)));
    return all;
  }

  /**
   * A GPU node of edge-1 failing, beside the network faults (it shares no link nor alarm with them):
   * at 60 s with 3 edge sites (after edge-1's loss, during edge-2's), at 45 s with fewer.
   */
  static NetnsFault gpuNodeFailure(int edgeSites) {
    return new NetnsFault("gpu-node-failure", Kind.GPU_NODE_FAILURE, "edge-1", 0,
        Duration.ofSeconds(edgeSites >= 3 ? 60 : 45), Duration.ofSeconds(40));
  }

  /** Injects it; the GPU node failure on {@code gpus} (null when the schedule has none). */
  void inject(NetnsTopology net, GpuNodes gpus) {
    if (kind == Kind.GPU_NODE_FAILURE) {
      gpus.fail(gpuNode(), GpuNodes.Failure.FALLEN_OFF_BUS);
    } else {
      inject(net);
    }
  }

  void heal(NetnsTopology net, GpuNodes gpus) {
    if (kind == Kind.GPU_NODE_FAILURE) {
      gpus.heal(gpuNode());
    } else {
      heal(net);
    }
  }

  void inject(NetnsTopology net) {
    Site s = net.site(site);
    switch (kind) {
      case LOSS -> net.pop1().nft("""
          table netdev %s {
            chain loss {
              type filter hook ingress device "%s" priority 0; policy accept;
              numgen random mod 100 < %d drop
            }
          }
          """.formatted(table(), s.toPop1().ifB(), lossPercent));
      case LINK_DOWN -> s.toPop1().set(false);
      case BGP_OSCILLATION -> throw new IllegalStateException("the lab plays " + id + " through its BgpOscillation");
    }
  }

  void heal(NetnsTopology net) {
    Site s = net.site(site);
    switch (kind) {
      case LOSS -> net.pop1().exec(io.sextant.common.netns.NetLab.NFT.toString(), "delete", "table", "netdev",
          table());
      case LINK_DOWN -> {
        s.toPop1().set(true);
        NetnsTopology.pin(s); // the kernel dropped the pinned route with the device
      }
      case BGP_OSCILLATION -> throw new IllegalStateException("the lab plays " + id + " through its BgpOscillation");
    }
  }

  private String table() {
    return "sxfault_" + id.replaceAll("[^A-Za-z0-9]", "_");
  }

  @Override
  public String toString() {
    if (kind == Kind.GPU_NODE_FAILURE) {
      return "GPU node failure (XID 79, a GPU off the bus) on " + gpuNode();
    }
    if (kind == Kind.BGP_OSCILLATION) {
      return "BGP route oscillation of " + BgpOscillation.prefix(siteIndex()) + " on " + target();
    }
    return (kind == Kind.LOSS ? lossPercent + " % loss" : "link down") + " on " + link();
  }
}
