package io.sextant.node.edge.config;

import static io.sextant.common.config.Keys.key;
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

import io.sextant.actuator.ActuatorSettings;
import io.sextant.actuator.routing.RoutingSettings;
import io.sextant.actuator.shaping.ShapingSettings;
import io.sextant.common.link.LinkInterface;
import io.sextant.bus.pulsar.BusSettings;
import io.sextant.collector.source.otlp.OtlpHttpReceiver;
import io.sextant.collector.source.probe.Peer;
import io.sextant.collector.source.probe.ProbeConfig;
import io.sextant.collector.source.prometheus.ScrapeTarget;
import io.sextant.common.config.ConfigException;
import io.sextant.common.config.Keys;
import io.sextant.common.config.YamlFields;
import io.sextant.common.security.HttpSecurity;
import io.sextant.edge.detect.DetectorRules;
import io.sextant.edge.detect.DetectorRulesReader;
import io.sextant.edge.threshold.ThresholdRules;
import io.sextant.edge.threshold.ThresholdRulesReader;
import io.sextant.runbook.safety.AutomationSettings;
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
  public static final Keys TOP = Keys.of("", "",
      key("site", "name", "required", "the site; also the Pulsar namespace the edge publishes into and reads its "
          + "commands, policies and models from (--site overrides)"),
      key("data-dir", "path", "required", "the outbox (SQLite), models and state live in `<data-dir>/<site>`; must "
          + "survive restarts"),
      key("bus", "section", "required", "how to reach Pulsar (below)"),
      key("interval", "duration, whole seconds", "10s", "a live edge's window; windows are aligned on the epoch"),
      key("ports", "section", "—", "Sextant's own listeners (below)"),
      key("http", "section", "— (plaintext, no tokens)", "how the edge's HTTP listeners (the OTLP receiver, "
          + "/metrics) are secured: TLS, bearer tokens, the OTLP intake's rate limit (below)"),
      key("sources", "section", "—", "a live edge's real sources (below); required without simulation"),
      key("detection", "section", "the built-in rules", "detector rules per metric (below)"),
      key("models", "section", "—", "models pushed by the centre (below)"),
      key("runbooks", "path", "—", "a live edge's runbook directory (`*.yaml`, docs/remediation.md): its edge-scoped "
          + "runbooks run on the site's own detections, also while cut off from the centre; a bad file is left out, "
          + "logged and counted"),
      key("actuators", "section", "—", "how a live edge changes its site: hooks, Kubernetes, commands, routing, tc (below)"),
      key("automation", "section", "all on", "the safety switches' initial state (below)"),
      key("simulation", "section", "—", "the simulated site instead of real sources (below)"));
  private static final Keys PORTS = Keys.of("ports", "",
      key("metrics", "port", "—", "Sextant's own metrics (Prometheus text) at http://127.0.0.1:PORT/metrics; 0: any "
          + "free port, printed at start"));
  private static final Keys HTTP = Keys.of("http", "The same keys as the centre's `http:` (but `listen`), on every "
      + "HTTP listener of the edge.",
      key("tokens-file", "path", "— (no tokens: every call is taken)", "bearer tokens in the centre's format "
          + "(docs/operations.md): /metrics needs a viewer, OTLP a writer or an operator; a token with `sites:` must "
          + "list this site; refusals are 401 or 403 with the reason, counted as "
          + "`sextant_edge_http_refused_total{listener,reason}`"),
      key("tls", "section", "— (plaintext)", "TLS from PEM files on every listener (below)"),
      key("rate-limit", "section", "— (none)", "the OTLP receiver's rate limit per caller (below)"));
  private static final Keys MODELS = Keys.of("models", "",
      key("trusted-keys", "list of paths", "—", "public keys (the centre's release.pub) whose signed models the edge "
          + "loads; the last good ones are kept on disk and used at once after a restart"));
  private static final Keys SOURCES = Keys.of("sources", "The real sources of a live edge, read once per interval; "
      + "at least one.",
      key("host", "true or section", "—", "CPU, memory, disk and network per interface from /proc and /sys"),
      key("scrape", "list", "—", "Prometheus text 0.0.4 / OpenMetrics targets"),
      key("otlp", "section", "—", "the OTLP/HTTP receiver (POST /v1/metrics and /v1/traces, protobuf or JSON)"),
      key("probes", "section", "—", "the probe mesh: loss, RTT and jitter to each peer site per window"),
      key("bgp", "section", "—", "the site router's BGP state from FRR: sessions, watched prefixes, flap penalty"),
      key("links", "mapping of link id to section", "—", "per inter-cloud link, its sending interface: "
          + "`link_tx_bps`, `link_shaped_bps` and `link_utilization_ratio` (below)"));
  private static final Keys LINKS = Keys.of("sources.links.<link id>", "The interface that sends over the link "
      + "(resource `link:<link id>`): its throughput from the kernel's byte counter (`ip -s -j link`), its shaped "
      + "rate from `tc -j qdisc show` (a root tbf), and the one over the other.",
      key("interface", "interface name", "required", "the interface"),
      key("namespace", "name", "the host's", "the network namespace it lives in, as `ip netns` names it"));
  private static final Keys HOST = Keys.of("sources.host", "",
      key("node", "name", "the machine's host name", "resource=node:<site>/<node>"),
      key("proc", "path", "/proc", "the procfs root"),
      key("sys", "path", "/sys", "the sysfs root"));
  private static final Keys SCRAPE = Keys.of("sources.scrape[]", "",
      key("url", "http(s) URL", "required", "the target's metrics endpoint"),
      key("name", "name", "host:port", "unique per edge; the target's instance label"),
      key("labels", "mapping", "—", "labels added to every series of the target"),
      key("timeout", "duration", "the interval", "how long one scrape may take"));
  private static final Keys OTLP = Keys.of("sources.otlp", "",
      key("listen", "host:port", "required", "where POST /v1/metrics and /v1/traces are served (4318 is OTLP/HTTP's port)"),
      key("max-buffered", "whole number", String.valueOf(OtlpHttpReceiver.DEFAULT_MAX_BUFFERED),
          "samples held for the next window; the oldest are dropped beyond, and counted"));
  private static final Keys PROBES = Keys.of("sources.probes", "",
      key("listen", "host:port", "required", "this site's UDP responder, which peers probe"),
      key("tcp-listen", "host:port", "—", "accepts and closes, for peers' TCP connect timing"),
      key("peers", "list", "—", "the sites this site probes (below)"),
      key("links", "map of link id to host:port", "—", "this site's own address on each link, for protection probes "
          + "pinned to it: a responder listens there (peers list it as their `via` for the link), and the probes "
          + "this site sends across the link leave from it. Route it only over the link: announce it on that link's "
          + "BGP session alone and send what leaves from it out of the link (`ip rule add from ADDR lookup T`, "
          + "docs/remediation.md)"),
      key("count", "whole number", String.valueOf(ProbeConfig.DEFAULT.probes()), "probes per peer per window"),
      key("interval", "duration", ProbeConfig.DEFAULT.interval().toMillis() + "ms", "spacing of the probes"),
      key("timeout", "duration", ProbeConfig.DEFAULT.timeout().toMillis() + "ms", "a probe not answered within it is "
          + "lost"));
  private static final Keys PEER = Keys.of("sources.probes.peers[]", "",
      key("site", "name", "required", "the peer site"),
      key("udp", "host:port", "required", "the peer's UDP responder"),
      key("tcp", "host:port", "—", "the peer's TCP port for connect timing"),
      key("via", "map of link id to host:port", "—", "the peer's UDP responder as reached across each link (its "
          + "address on the link, a tunnel pinned to it): where the protection probes the centre asks for go while "
          + "a reroute keeps traffic off that link; a link not listed: `udp`"));
  private static final Keys DETECTION = Keys.of("detection", "Built-in learned rules: the simulated KPIs, and for "
      + "live sources `probe_loss_ratio` +2 points, `host_cpu_busy_ratio` +25 points, `host_memory_used_ratio` +15 "
      + "points; each is silent on a series for its warm-up (`warmUpPoints`: 60 points, 10 minutes at a 10 s "
      + "interval), shown per metric on `/metrics` as `sextant_edge_detector_warming_series`. Built-in thresholds, "
      + "which need no learning and fire on a fresh edge's first window: `up-down` (`up` at or below 0: a scrape "
      + "target down), `probe-tcp-down` (`probe_tcp_up` at or below 0), `probe-path-dead` (`probe_loss_ratio` at or "
      + "above 1: a path losing every packet), `bgp-session-down` (`bgp_session_up` at or below 0), "
      + "`bgp-flap-suppress` (`bgp_flap_penalty` from the BGP source's suppress, cleared below its reuse), all major "
      + "but `probe-path-dead` (critical); and on NVIDIA DCGM exporter series `gpu-xid` (an XID, critical), "
      + "`gpu-ecc-dbe` (double-bit ECC errors rising, critical), `gpu-thermal-throttle` (major) and "
      + "`gpu-power-throttle` (warning) at 0.1 s throttled a second, `gpu-temp-high` (90 °C, cleared below 85, major), "
      + "beside a GPU gone from an exporter still up (docs/collector.md, \"GPU health\"). Each alarm has its X.733 "
      + "fields in the centre's alarm catalog.",
      key("rules", "list", "—", "learned detector rules per metric (below)"),
      key("thresholds", "list", "—", "static thresholds per metric and label set (below)"),
      key("checkpoint-interval", "duration", DetectorStateSettings.DEFAULT_CHECKPOINT_INTERVAL.toSeconds() + "s",
          "how often the learned rules' state (every series' baseline) is written to the outbox's SQLite file (sooner, "
          + "10s after the last one, when a series fired or resolved) and at every stop; restored at start, so a restarted edge neither warms up again nor learns a fault present at "
          + "restart as normal. A kill loses at most this much learning"),
      key("state-max-age", "duration", DetectorStateSettings.DEFAULT_MAX_AGE.toHours() + "h", "a series whose last "
          + "point is older than this is not restored at start (nor kept at a checkpoint): it warms up afresh"));
  /** Every section of an edge's file, in the order the reference shows them. */
  public static final List<Keys> REFERENCE = List.of(TOP, BusSettings.KEYS, PORTS, HTTP,
      HttpSecurity.TLS_KEYS, HttpSecurity.RATE_KEYS, SOURCES, HOST, SCRAPE, OTLP,
      PROBES, PEER, LINKS, BgpSourceConfig.KEYS, BgpSourceConfig.DAMPENING, DETECTION, DetectorRulesReader.KEYS, ThresholdRulesReader.KEYS, ThresholdRulesReader.LEVELS,
      ThresholdRulesReader.LEVEL, MODELS, ActuatorSettings.KEYS, ActuatorSettings.HOOK_KEYS,
      ActuatorSettings.KUBERNETES_KEYS, ActuatorSettings.COMMANDS_KEYS, ActuatorSettings.COMMAND_KEYS,
      RoutingSettings.KEYS, RoutingSettings.LINK_KEYS, ShapingSettings.KEYS, ShapingSettings.LINK_KEYS,
      ActuatorSettings.ROUTE_KEYS, ActuatorSettings.CALLBACKS_KEYS,
      AutomationSettings.KEYS,
      AutomationSettings.FREEZE_KEYS, SimulationSettings.KEYS);

  private EdgeConfigFile() {}

  /** Reads {@code file}; {@code site}, when not null, replaces the file's {@code site} (the CLI's --site). */
  public static EdgeConfig load(Path file, String site) {
    return YamlFields.load(file, (text, base) -> parse(text, base, site));
  }

  /** Parses {@code text}; relative paths are resolved against {@code base} (the file's directory). */
  public static EdgeConfig parse(String text, Path base, String siteOverride) {
    Map<String, Object> top = YamlFields.topLevel(text, TOP.names());
    Map<String, Object> ports = optionalMap(top, "ports", "");
    known(ports, PORTS.names(), "ports.");
    Map<String, Object> sim = section(top, "simulation", "", SimulationSettings.KEYS.names());
    Map<String, Object> models = section(top, "models", "", MODELS.names());
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
        thresholds(optionalMap(top, "detection", "")),
        keys == null ? null : keys.stream().map(k -> YamlFields.resolve(k, base)).toList(),
        path(top, "runbooks", "", base),
        ActuatorSettings.read(section(top, "actuators", "", ActuatorSettings.KEYS.names()), base),
        AutomationSettings.read(section(top, "automation", "", AutomationSettings.KEYS.names())),
        HttpSecurity.read(section(top, "http", "", HTTP.names()), base),
        detectorState(optionalMap(top, "detection", "")));
  }

  private static DetectorStateSettings detectorState(Map<String, Object> d) {
    return new DetectorStateSettings(duration(d, "checkpoint-interval", "detection.", null),
        duration(d, "state-max-age", "detection.", null));
  }

  private static DetectorRules detection(Map<String, Object> d) {
    known(d, DETECTION.names(), "detection.");
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
  private static ThresholdRules thresholds(Map<String, Object> d) {
    Object list = d.get("thresholds");
    if (list == null) {
      return null;
    }
    if (!(list instanceof List<?> l)) {
      throw new ConfigException("detection.thresholds: must be a list of thresholds (- metric: ...)");
    }
    List<Map<String, Object>> maps = new ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      maps.add(map(l.get(i), "detection.thresholds[" + i + "]"));
    }
    try {
      return ThresholdRulesReader.read(maps);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("detection." + e.getMessage(), e);
    }
  }

  private static SourcesSettings sources(Map<String, Object> s, Path base) {
    known(s, SOURCES.names(), "sources.");
    SourcesSettings.Host host = null;
    Object h = s.get("host");
    if (Boolean.TRUE.equals(h)) {
      host = new SourcesSettings.Host(null, null, null);
    } else if (h != null && !Boolean.FALSE.equals(h)) {
      Map<String, Object> hm = map(h, "sources.host");
      known(hm, HOST.names(), "sources.host.");
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
        known(t, SCRAPE.names(), p);
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
      known(o, OTLP.names(), "sources.otlp.");
      otlp = new SourcesSettings.Otlp(
          parseAddress(string(o, "listen", "sources.otlp.", null), "sources.otlp.listen"),
          (int) integer(o, "max-buffered", "sources.otlp.", OtlpHttpReceiver.DEFAULT_MAX_BUFFERED));
    }
    SourcesSettings.Probes probes = null;
    if (s.get("probes") != null) {
      String p = "sources.probes.";
      Map<String, Object> pm = map(s.get("probes"), "sources.probes");
      known(pm, PROBES.names(), p);
      List<Peer> peers = new ArrayList<>();
      Object pl = pm.get("peers");
      if (pl != null) {
        if (!(pl instanceof List<?> l)) {
          throw new ConfigException(p + "peers: must be a list (- site: edge-2, udp: host:port)");
        }
        for (int i = 0; i < l.size(); i++) {
          String pp = p + "peers[" + i + "].";
          Map<String, Object> peer = map(l.get(i), p + "peers[" + i + "]");
          known(peer, PEER.names(), pp);
          String site = string(peer, "site", pp, null);
          if (site == null) {
            throw new ConfigException(pp + "site: required");
          }
          InetSocketAddress udp = parseAddress(string(peer, "udp", pp, null), pp + "udp");
          if (udp == null) {
            throw new ConfigException(pp + "udp: required (host:port of the peer's responder)");
          }
          Map<String, InetSocketAddress> via = addressByLink(peer.get("via"), pp + "via");
          peers.add(new Peer(site, udp, parseAddress(string(peer, "tcp", pp, null), pp + "tcp"), via));
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
      Map<String, InetSocketAddress> links = addressByLink(pm.get("links"), p + "links");
      probes = new SourcesSettings.Probes(parseAddress(string(pm, "listen", p, null), p + "listen"),
          parseAddress(string(pm, "tcp-listen", p, null), p + "tcp-listen"), peers, pc, links);
    }
    Map<String, LinkInterface> links = new LinkedHashMap<>();
    if (s.get("links") != null) {
      map(s.get("links"), "sources.links").forEach((id, l) -> {
        String lp = "sources.links." + id + ".";
        Map<String, Object> lm = map(l, "sources.links." + id);
        known(lm, LINKS.names(), lp);
        try {
          links.put(id, new LinkInterface(string(lm, "namespace", lp, null), string(lm, "interface", lp, null)));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(lp + e.getMessage(), e);
        }
      });
    }
    return new SourcesSettings(host, targets, otlp, probes, BgpSourceConfig.read(s.get("bgp"), base), links);
  }

  /** A map of link id to host:port ({@code via}, {@code links}); empty when absent. */
  private static Map<String, InetSocketAddress> addressByLink(Object node, String field) {
    Map<String, InetSocketAddress> out = new LinkedHashMap<>();
    if (node != null) {
      map(node, field).forEach((link, addr) -> {
        InetSocketAddress a = parseAddress(addr == null ? null : addr.toString(), field + "." + link);
        if (a == null) {
          throw new ConfigException(field + "." + link + ": required (host:port)");
        }
        out.put(link, a);
      });
    }
    return out;
  }
}
