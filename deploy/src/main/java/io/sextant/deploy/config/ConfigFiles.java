package io.sextant.deploy.config;

import static io.sextant.deploy.config.YamlFields.bool;
import static io.sextant.deploy.config.YamlFields.integer;
import static io.sextant.deploy.config.YamlFields.known;
import static io.sextant.deploy.config.YamlFields.map;
import static io.sextant.deploy.config.YamlFields.number;

import io.sextant.collector.source.otlp.OtlpHttpReceiver;
import io.sextant.collector.source.probe.Peer;
import io.sextant.collector.source.probe.ProbeConfig;
import io.sextant.collector.source.prometheus.ScrapeTarget;
import io.sextant.edge.detect.DetectorRules;
import io.sextant.edge.detect.DetectorRulesReader;
import io.sextant.store.RetentionSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a process configuration from YAML. Every error names the file and the field: an unknown
 * key (a typo would otherwise be silently ignored), a value of the wrong type, a missing required
 * field. Durations are {@code 90s}, {@code 30m}, {@code 2h}, {@code 500ms} or ISO-8601
 * ({@code PT30M}); instants are ISO-8601 UTC ({@code 2026-11-23T18:00:00Z}).
 */
public final class ConfigFiles {
  private static final Set<String> TOP = Set.of("site", "sites", "data-dir", "bus", "store", "simulation", "ports",
      "interval", "sources", "detection", "policy-file", "topology-file", "models");
  private static final Set<String> MODELS = Set.of("key-dir", "every", "training-window", "release", "trusted-keys");
  private static final Set<String> BUS = Set.of("type", "service-url", "tenant", "auth-token-file",
      "tls-trust-certs-file", "tls-hostname-verification");
  private static final Set<String> STORE = Set.of("jdbc-url", "user", "password-env", "data-dir", "remote-write-listen",
      "retention");
  private static final Set<String> RETENTION = Set.of("raw", "rollup-1m", "rollup-1h", "partitions-ahead",
      "maintenance-every", "rollup-refresh-every", "ledger");
  private static final Set<String> SOURCES = Set.of("host", "scrape", "otlp", "probes");
  private static final Set<String> HOST = Set.of("node", "proc", "sys");
  private static final Set<String> SCRAPE = Set.of("name", "url", "labels", "timeout");
  private static final Set<String> OTLP = Set.of("listen", "max-buffered");
  private static final Set<String> PROBES = Set.of("listen", "tcp-listen", "peers", "count", "interval", "timeout");
  private static final Set<String> PEER = Set.of("site", "udp", "tcp");
  private static final Set<String> DETECTION = Set.of("rules");
  private static final Set<String> SIM = Set.of("seed", "edge-sites", "warmup", "warmup-speed", "speed",
      "fault-speed", "epoch", "start-wall", "faults", "run-for");
  private static final Set<String> PORTS = Set.of("metrics");

  private ConfigFiles() {}

  public static ProcessConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
    try {
      return parse(text, file.getParent());
    } catch (ConfigException e) {
      throw new ConfigException(file + ": " + e.getMessage(), e);
    }
  }

  /** Parses {@code text}; relative paths are resolved against {@code base} (the file's directory). */
  public static ProcessConfig parse(String text, Path base) {
    Map<String, Object> top = YamlFields.topLevel(text, TOP);
    Map<String, Object> bus = map(required(top, "bus", ""), "bus");
    known(bus, BUS, "bus.");
    Map<String, Object> store = optionalMap(top, "store");
    known(store, STORE, "store.");
    Map<String, Object> ports = optionalMap(top, "ports");
    known(ports, PORTS, "ports.");
    SimulationSettings sim = null;
    if (top.get("simulation") != null) {
      Map<String, Object> s = map(top.get("simulation"), "simulation");
      known(s, SIM, "simulation.");
      sim = new SimulationSettings(
          integer(s, "seed", "simulation.", SimulationSettings.DEFAULT_SEED),
          (int) integer(s, "edge-sites", "simulation.", 3),
          duration(s, "warmup", "simulation.", SimulationSettings.DEFAULT_WARMUP),
          number(s, "warmup-speed", "simulation.", SimulationSettings.DEFAULT_WARMUP_SPEED),
          number(s, "speed", "simulation.", SimulationSettings.DEFAULT_SPEED),
          number(s, "fault-speed", "simulation.", SimulationSettings.DEFAULT_FAULT_SPEED),
          instant(s, "epoch", "simulation."),
          instant(s, "start-wall", "simulation."),
          faults(s),
          duration(s, "run-for", "simulation.", null));
    }
    BusSettings.Type type = switch (string(bus, "type", "bus.", "pulsar").toLowerCase(Locale.ROOT)) {
      case "pulsar" -> BusSettings.Type.PULSAR;
      case "in-process" -> BusSettings.Type.IN_PROCESS;
      default -> throw new ConfigException("bus.type: must be pulsar or in-process, got '" + bus.get("type") + "'");
    };
    Duration interval = duration(top, "interval", "", null);
    return new ProcessConfig(
        string(top, "site", "", null),
        list(top, "sites"),
        path(top, "data-dir", "", base),
        new BusSettings(type, string(bus, "service-url", "bus.", null), string(bus, "tenant", "bus.", null),
            path(bus, "auth-token-file", "bus.", base), path(bus, "tls-trust-certs-file", "bus.", base),
            bool(bus, "tls-hostname-verification", "bus.", true)),
        new StoreSettings(string(store, "jdbc-url", "store.", null), string(store, "user", "store.", null),
            string(store, "password-env", "store.", null), path(store, "data-dir", "store.", base),
            StoreSettings.listenAddress(string(store, "remote-write-listen", "store.", null), "store.remote-write-listen")),
        sim,
        ports.containsKey("metrics") ? (int) integer(ports, "metrics", "ports.", 0) : null,
        interval,
        new EdgeSettings(sources(optionalMap(top, "sources"), base), detection(optionalMap(top, "detection"))),
        new CentralSettings(path(top, "policy-file", "", base), path(top, "topology-file", "", base),
            retention(optionalMap(store, "retention"))),
        models(top.get("models") == null ? null : map(top.get("models"), "models"), base));
  }

  private static ModelsSettings models(Map<String, Object> m, Path base) {
    if (m == null) {
      return null;
    }
    known(m, MODELS, "models.");
    String release = string(m, "release", "models.", "canary").toLowerCase(Locale.ROOT);
    if (!release.equals("all") && !release.equals("canary")) {
      throw new ConfigException("models.release: must be all or canary, got '" + release + "'");
    }
    List<Path> keys = new ArrayList<>();
    List<String> listed = list(m, "trusted-keys");
    if (listed != null) {
      for (String k : listed) {
        Path p = Path.of(k);
        keys.add(p.isAbsolute() || base == null ? p : base.resolve(p));
      }
    }
    return new ModelsSettings(path(m, "key-dir", "models.", base), duration(m, "every", "models.", null),
        duration(m, "training-window", "models.", null), release.equals("canary"), keys);
  }

  private static RetentionSettings retention(Map<String, Object> r) {
    known(r, RETENTION, "store.retention.");
    if (r.isEmpty()) {
      return RetentionSettings.defaults();
    }
    String p = "store.retention.";
    try {
      return new RetentionSettings(
          duration(r, "raw", p, RetentionSettings.DEFAULT_RAW),
          duration(r, "rollup-1m", p, RetentionSettings.DEFAULT_ROLLUP_1M),
          duration(r, "rollup-1h", p, RetentionSettings.DEFAULT_ROLLUP_1H),
          (int) integer(r, "partitions-ahead", p, RetentionSettings.DEFAULT_PARTITIONS_AHEAD),
          duration(r, "maintenance-every", p, RetentionSettings.DEFAULT_MAINTENANCE_EVERY),
          duration(r, "rollup-refresh-every", p, RetentionSettings.DEFAULT_ROLLUP_REFRESH_EVERY),
          duration(r, "ledger", p, RetentionSettings.DEFAULT_LEDGER));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("store.retention: " + e.getMessage(), e);
    }
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
          StoreSettings.listenAddress(string(o, "listen", "sources.otlp.", null), "sources.otlp.listen"),
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
          InetSocketAddress udp = StoreSettings.listenAddress(string(peer, "udp", pp, null), pp + "udp");
          if (udp == null) {
            throw new ConfigException(pp + "udp: required (host:port of the peer's responder)");
          }
          peers.add(new Peer(site, udp, StoreSettings.listenAddress(string(peer, "tcp", pp, null), pp + "tcp")));
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
      probes = new SourcesSettings.Probes(StoreSettings.listenAddress(string(pm, "listen", p, null), p + "listen"),
          StoreSettings.listenAddress(string(pm, "tcp-listen", p, null), p + "tcp-listen"), peers, pc);
    }
    return new SourcesSettings(host, targets, otlp, probes);
  }

  /** Reads a secret (a token) from a file, trimmed; the message never includes the content. */
  static String readSecret(Path file, String field) {
    try {
      String s = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (s.isEmpty()) {
        throw new ConfigException(field + ": " + file + " is empty");
      }
      return s;
    } catch (IOException e) {
      throw new ConfigException(field + ": cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code 90s}, {@code 30m}, {@code 2h}, {@code 500ms}, {@code 1d} or ISO-8601. */
  public static Duration parseDuration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw new IllegalArgumentException();
      };
    } catch (RuntimeException e) {
      throw new ConfigException("'" + text + "' is not a duration (90s, 30m, 2h, 500ms or ISO-8601 like PT30M)");
    }
  }

  /** A section whose keys are all optional: absent or empty (every key commented out) is empty. */
  private static Map<String, Object> optionalMap(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? Map.of() : map(v, key);
  }

  private static Object required(Map<String, Object> m, String key, String prefix) {
    Object v = m.get(key);
    if (v == null) {
      throw new ConfigException(prefix + key + ": required");
    }
    return v;
  }

  private static String string(Map<String, Object> m, String key, String prefix, String dflt) {
    Object v = m.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Map || v instanceof List) {
      throw new ConfigException(prefix + key + ": must be a single value");
    }
    return String.valueOf(v);
  }

  private static Duration duration(Map<String, Object> m, String key, String prefix, Duration dflt) {
    Object v = m.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return parseDuration(String.valueOf(v));
    } catch (ConfigException e) {
      throw new ConfigException(prefix + key + ": " + e.getMessage());
    }
  }

  private static Instant instant(Map<String, Object> m, String key, String prefix) {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof java.util.Date d) {
      return d.toInstant(); // YAML timestamps arrive as dates
    }
    try {
      return Instant.parse(String.valueOf(v));
    } catch (DateTimeParseException e) {
      throw new ConfigException(prefix + key + ": '" + v + "' is not an ISO-8601 UTC instant like 2026-11-23T18:00:00Z");
    }
  }

  private static SimulationSettings.Faults faults(Map<String, Object> s) {
    String f = string(s, "faults", "simulation.", "default");
    return switch (f.toLowerCase(Locale.ROOT)) {
      case "default" -> SimulationSettings.Faults.DEFAULT;
      case "none" -> SimulationSettings.Faults.NONE;
      default -> throw new ConfigException("simulation.faults: must be default or none, got '" + f + "'");
    };
  }

  private static Path path(Map<String, Object> m, String key, String prefix, Path base) {
    String s = string(m, key, prefix, null);
    if (s == null || s.isBlank()) {
      return null;
    }
    Path p = Path.of(s);
    return p.isAbsolute() || base == null ? p : base.resolve(p);
  }

  private static List<String> list(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof List<?> l)) {
      throw new ConfigException(key + ": must be a list, e.g. [central, edge-1]");
    }
    List<String> out = new ArrayList<>();
    for (Object o : l) {
      out.add(String.valueOf(o));
    }
    return out;
  }
}
