package io.sextant.alarm.compat;

import io.sextant.alarm.notify.Route;
import io.sextant.alarm.notify.Router;
import io.sextant.alarm.silence.InhibitRule;
import io.sextant.common.match.Matcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * What {@code GET /api/v2/status} says about this instance: its version, when it started, and
 * its routing as an Alertmanager configuration ({@code config.original}), so {@code amtool config
 * routes} and tools that read the routing tree see Sextant's routes, receivers (names only: their
 * secrets stay out) and inhibition rules. Cluster status is always {@code disabled}: Sextant's
 * centre keeps its state in PostgreSQL, not in a gossip cluster.
 */
public record InstanceStatus(String version, Instant startedAt, String configYaml) {
  public InstanceStatus {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(configYaml, "configYaml");
  }

  /** The version from the jar's manifest, else {@code dev}. */
  public static String sextantVersion() {
    String v = InstanceStatus.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** The routing in Alertmanager's configuration format. */
  public static String configYaml(Router router, Collection<String> receivers, List<InhibitRule> rules) {
    Map<String, Object> root = tree(router.root());
    root.remove("matchers");
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("route", root);
    List<Object> named = new ArrayList<>();
    receivers.forEach(n -> named.add(Map.of("name", n)));
    doc.put("receivers", named);
    if (!rules.isEmpty()) {
      List<Object> inhibit = new ArrayList<>();
      for (InhibitRule rule : rules) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source_matchers", strings(rule.source()));
        m.put("target_matchers", strings(rule.target()));
        if (!rule.equal().isEmpty()) {
          m.put("equal", rule.equal());
        }
        inhibit.add(m);
      }
      doc.put("inhibit_rules", inhibit);
    }
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(options).dump(doc);
  }

  private static Map<String, Object> tree(Router.Node node) {
    Map<String, Object> m = route(node.route());
    List<Object> children = new ArrayList<>();
    node.children().forEach(c -> children.add(tree(c)));
    if (!children.isEmpty()) {
      m.put("routes", children);
    }
    return m;
  }

  private static Map<String, Object> route(Route r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("receiver", r.receiver());
    if (!r.matchers().isEmpty()) {
      m.put("matchers", strings(r.matchers()));
    }
    if (!r.groupBy().isEmpty()) {
      m.put("group_by", r.groupBy());
    }
    if (r.continueMatching()) {
      m.put("continue", true);
    }
    m.put("group_wait", duration(r.groupWait()));
    m.put("group_interval", duration(r.groupInterval()));
    m.put("repeat_interval", duration(r.repeatInterval()));
    return m;
  }

  private static List<String> strings(List<Matcher> matchers) {
    return matchers.stream().map(Matcher::toString).toList();
  }

  /** Alertmanager's duration syntax: the largest whole unit. */
  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
