package io.sextant.node.edge.config;

import io.sextant.collector.source.bgp.BgpSettings;
import io.sextant.common.config.ConfigException;
import io.sextant.common.link.LinkInterface;
import io.sextant.collector.source.probe.Peer;
import io.sextant.collector.source.probe.ProbeConfig;
import io.sextant.collector.source.prometheus.ScrapeTarget;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The real sources of a live edge ({@code sources:} in edge.yaml), each optional: host KPIs from
 * /proc and /sys, Prometheus scrape targets, the OTLP/HTTP receiver, the probe mesh and the
 * router's BGP state, the links' throughput. A live
 * edge needs at least one.
 *
 * @param host host KPIs; null for none
 * @param scrape Prometheus / OpenMetrics targets, scraped once per window
 * @param otlp the OTLP/HTTP receiver; null for none
 * @param probes the probe mesh (responder + probing of the peers); null for none
 * @param bgp the site router's BGP state (FRR); null for none
 * @param links per link id, the interface sending over it: throughput and utilisation of its shaped rate
 */
public record SourcesSettings(Host host, List<ScrapeTarget> scrape, Otlp otlp, Probes probes, BgpSettings bgp,
    Map<String, LinkInterface> links) {
  public SourcesSettings {
    links = links == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(links));
    scrape = scrape == null ? List.of() : List.copyOf(scrape);
    long names = scrape.stream().map(ScrapeTarget::name).distinct().count();
    if (names != scrape.size()) {
      throw new ConfigException("sources.scrape: target names must be unique");
    }
  }

  /** Without BGP state. */
  public SourcesSettings(Host host, List<ScrapeTarget> scrape, Otlp otlp, Probes probes) {
    this(host, scrape, otlp, probes, null, null);
  }

  /** Without links. */
  public SourcesSettings(Host host, List<ScrapeTarget> scrape, Otlp otlp, Probes probes, BgpSettings bgp) {
    this(host, scrape, otlp, probes, bgp, null);
  }

  public static SourcesSettings none() {
    return new SourcesSettings(null, List.of(), null, null);
  }

  public boolean isEmpty() {
    return host == null && scrape.isEmpty() && otlp == null && probes == null && bgp == null && links.isEmpty();
  }

  /**
   * @param node the host's name in {@code resource=node:<site>/<node>} (default: the machine's host name)
   * @param proc the procfs root, {@code /proc} unless testing on a fixture tree
   * @param sys the sysfs root, {@code /sys}
   */
  public record Host(String node, Path proc, Path sys) {
    public Host {
      proc = proc == null ? Path.of("/proc") : proc;
      sys = sys == null ? Path.of("/sys") : sys;
    }
  }

  /** @param listen where {@code POST /v1/metrics} is served; @param maxBuffered samples held for the next window */
  public record Otlp(InetSocketAddress listen, int maxBuffered) {
    public Otlp {
      if (listen == null) {
        throw new ConfigException("sources.otlp.listen: required (host:port, e.g. 127.0.0.1:4318)");
      }
      if (maxBuffered < 1) {
        throw new ConfigException("sources.otlp.max-buffered: must be at least 1, got " + maxBuffered);
      }
    }
  }

  /**
   * @param listen the UDP address this site's responder answers peers' probes on
   * @param tcpListen a TCP port that accepts and closes, for peers' connect timing; null for none
   * @param peers the sites this site probes
   * @param config probes per window, their spacing and the reply timeout
   * @param links per link id, this site's own address on that link: a second responder listens
   *     there, and protection probes across the link leave from it (routed only over the link)
   */
  public record Probes(InetSocketAddress listen, InetSocketAddress tcpListen, List<Peer> peers, ProbeConfig config,
      Map<String, InetSocketAddress> links) {
    public Probes(InetSocketAddress listen, InetSocketAddress tcpListen, List<Peer> peers, ProbeConfig config) {
      this(listen, tcpListen, peers, config, Map.of());
    }

    public Probes {
      if (listen == null) {
        throw new ConfigException("sources.probes.listen: required (host:port of this site's UDP responder)");
      }
      links = links == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(links));
      peers = peers == null ? List.of() : List.copyOf(peers);
      config = config == null ? ProbeConfig.DEFAULT : config;
    }
  }
}
