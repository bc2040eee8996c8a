package io.sextant.node.edge.config;

import static io.sextant.common.config.YamlFields.duration;
import static io.sextant.common.config.YamlFields.integer;
import static io.sextant.common.config.YamlFields.known;
import static io.sextant.common.config.YamlFields.map;
import static io.sextant.common.config.YamlFields.optionalMap;
import static io.sextant.common.config.YamlFields.parseAddress;
import static io.sextant.common.config.YamlFields.path;
import static io.sextant.common.config.YamlFields.required;
import static io.sextant.common.config.YamlFields.section;
import static io.sextant.common.config.YamlFields.string;

import io.sextant.bus.pulsar.BusSettings;
import io.sextant.collector.source.otlp.OtlpHttpReceiver;
import io.sextant.collector.source.probe.Peer;
import io.sextant.collector.source.probe.ProbeConfig;
import io.sextant.collector.source.prometheus.ScrapeTarget;
import io.sextant.common.config.ConfigException;
import io.sextant.common.config.YamlFields;
import io.sextant.edge.detect.DetectorRules;
import io.sextant.edge.detect.DetectorRulesReader;
import io.sextant.sim.SimulationSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an edge's configuration file (deploy/config/edge*.yaml). Every error names the file and
 * the field: an unknown key (a typo would otherwise be silently ignored), a value of the wrong
 * type, a missing required field.
 */
public final class EdgeConfigFile {
  /** The top-level keys of an edge's file. */
  public static final Set<String> TOP = Set.of("site", "data-dir", "bus", "simulation", "ports", "interval",
      "sources", "detection", "models");
  private static final Set<String> MODELS = Set.of("trusted-keys");
  private static final Set<String> SOURCES = Set.of("host", "scrape", "otlp", "probes");
  private static final Set<String> HOST = Set.of("node", "proc", "sys");
  private static final Set<String> SCRAPE = Set.of("name", "url", "labels", "timeout");
  private static final Set<String> OTLP = Set.of("listen", "max-buffered");
  private static final Set<String> PROBES = Set.of("listen", "tcp-listen", "peers", "count", "interval", "timeout");
  private static final Set<String> PEER = Set.of("site", "udp", "tcp");
  private static final Set<String> DETECTION = Set.of("rules");
  private static final Set<String> PORTS = Set.of("metrics");

  private EdgeConfigFile() {}

  /** Reads {@code file}; {@code site}, when not null, replaces the file's {@code site} (the CLI's --site). */
  public static EdgeConfig load(Path file, String site) {
    return YamlFields.load(file, (text, base) -> parse(text, base, site));
  }

  /** Parses {@code text}; relative paths are resolved against {@code base} (the file's directory). */
  public static EdgeConfig parse(String text, Path base, String siteOverride) {
    Map<String, Object> top = YamlFields.topLevel(text, TOP);
    Map<String, Object> ports = optionalMap(top, "ports", "");
    known(ports, PORTS, "ports.");
    Map<String, Object> sim = section(top, "simulation", "", SimulationSettings.KEYS);
    Map<String, Object> models = section(top, "models", "", MODELS);
    List<String> keys = models == null ? null : YamlFields.list(models, "trusted-keys", "models.");
    return new EdgeConfig(
        siteOverride != null ? siteOverride : string(top, "site", "", null),
        path(top, "data-dir", "", base),
        BusSettings.read(map(required(top, "bus", ""), "bus"), base),
        sim == null ? null : SimulationSettings.read(sim, "simulation."),
        ports.containsKey("metrics") ? (int) integer(ports, "metrics", "ports.", 0) : null,
        duration(top, "interval", "", null),
        sources(optionalMap(top, "sources", ""), base),
        detection(optionalMap(top, "detection", "")),
        keys == null ? null : keys.stream().map(k -> YamlFields.resolve(k, base)).toList());
  }

  private static DetectorRules detection(Map<String, Object> d) {
    known(d, DETECTION, "detection.");
    Object rules = d.get("rules");
    if (rules == null) {
      return null;
    }
    if (!(rules instanceof List<?> l)) {
      throw new ConfigException("detection.rules: must be a list of rules (- metric: ...)");
    }
    List<Map<String, Object>> maps = new ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      maps.add(map(l.get(i), "detection.rules[" + i + "]"));
    }
    try {
      return DetectorRulesReader.read(maps);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("detection." + e.getMessage(), e);
    }
  }
  private static SourcesSettings sources(Map<String, Object> s, Path base) {
    known(s, SOURCES, "sources.");
    SourcesSettings.Host host = null;
    Object h = s.get("host");
    if (Boolean.TRUE.equals(h)) {
      host = new SourcesSettings.Host(null, null, null);
    } else if (h != null && !Boolean.FALSE.equals(h)) {
      Map<String, Object> hm = map(h, "sources.host");
      known(hm, HOST, "sources.host.");
      host = new SourcesSettings.Host(string(hm, "node", "sources.host.", null), path(hm, "proc", "sources.host.", base),
          path(hm, "sys", "sources.host.", base));
    }
    List<ScrapeTarget> targets = new ArrayList<>();
    Object sc = s.get("scrape");
    if (sc != null) {
      if (!(sc instanceof List<?> l)) {
        throw new ConfigException("sources.scrape: must be a list of targets (- name: ..., url: ...)");
      }
      for (int i = 0; i < l.size(); i++) {
        String p = "sources.scrape[" + i + "].";
        Map<String, Object> t = map(l.get(i), "sources.scrape[" + i + "]");
        known(t, SCRAPE, p);
        String url = string(t, "url", p, null);
        if (url == null) {
          throw new ConfigException(p + "url: required (e.g. http://127.0.0.1:9100/metrics)");
        }
        URI uri;
        try {
          uri = new URI(url);
        } catch (URISyntaxException e) {
          throw new ConfigException(p + "url: not a URL: " + url);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
          throw new ConfigException(p + "url: must be http:// or https://, got " + url);
        }
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        if (t.get("labels") != null) {
          map(t.get("labels"), p + "labels").forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
        }
        String name = string(t, "name", p, uri.getHost() + ":" + uri.getPort());
        targets.add(new ScrapeTarget(name, uri, labels, duration(t, "timeout", p, null)));
      }
    }
    SourcesSettings.Otlp otlp = null;
    if (s.get("otlp") != null) {
      Map<String, Object> o = map(s.get("otlp"), "sources.otlp");
      known(o, OTLP, "sources.otlp.");
      otlp = new SourcesSettings.Otlp(
          parseAddress(string(o, "listen", "sources.otlp.", null), "sources.otlp.listen"),
          (int) integer(o, "max-buffered", "sources.otlp.", OtlpHttpReceiver.DEFAULT_MAX_BUFFERED));
    }
    SourcesSettings.Probes probes = null;
    if (s.get("probes") != null) {
      String p = "sources.probes.";
      Map<String, Object> pm = map(s.get("probes"), "sources.probes");
      known(pm, PROBES, p);
      List<Peer> peers = new ArrayList<>();
      Object pl = pm.get("peers");
      if (pl != null) {
        if (!(pl instanceof List<?> l)) {
          throw new ConfigException(p + "peers: must be a list (- site: edge-2, udp: host:port)");
        }
        for (int i = 0; i < l.size(); i++) {
          String pp = p + "peers[" + i + "].";
          Map<String, Object> peer = map(l.get(i), p + "peers[" + i + "]");
          known(peer, PEER, pp);
          String site = string(peer, "site", pp, null);
          if (site == null) {
            throw new ConfigException(pp + "site: required");
          }
          InetSocketAddress udp = parseAddress(string(peer, "udp", pp, null), pp + "udp");
          if (udp == null) {
            throw new ConfigException(pp + "udp: required (host:port of the peer's responder)");
          }
          peers.add(new Peer(site, udp, parseAddress(string(peer, "tcp", pp, null), pp + "tcp")));
        }
      }
      ProbeConfig pc;
      try {
        pc = new ProbeConfig((int) integer(pm, "count", p, ProbeConfig.DEFAULT.probes()),
            duration(pm, "interval", p, ProbeConfig.DEFAULT.interval()),
            duration(pm, "timeout", p, ProbeConfig.DEFAULT.timeout()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(p + e.getMessage(), e);
      }
      probes = new SourcesSettings.Probes(parseAddress(string(pm, "listen", p, null), p + "listen"),
          parseAddress(string(pm, "tcp-listen", p, null), p + "tcp-listen"), peers, pc);
    }
    return new SourcesSettings(host, targets, otlp, probes);
  }
}
