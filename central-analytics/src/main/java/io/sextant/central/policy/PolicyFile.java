package io.sextant.central.policy;

import io.sextant.common.model.UploadPolicy;
import io.sextant.common.model.UploadPolicy.Mode;
import io.sextant.runbook.load.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the upload policies of every site from one YAML (or JSON: YAML reads it too) file and
 * validates it strictly: an unknown key, a missing version, a bad mode or window is an error naming
 * the field ({@code policies.yaml: sites.edge-1.rules[1].mode: ...}), because a typo that quietly
 * uploads a subscriber's data is worse than a refused file.
 *
 * <pre>
 * sites:
 *   edge-1:
 *     version: 3                 # required; raise it on every change, edges ignore lower or equal
 *     default: raw               # raw | aggregate | local_only (default raw)
 *     aggregateWindow: 1m        # for aggregate series (default 1m; 1s..1d, whole seconds)
 *     redactLabels: [imsi, client_ip]
 *     rules:                     # first match wins
 *       - metric: "subscriber_*" # glob, * only
 *         mode: local_only
 *       - metric: "host_disk_*"
 *         labels: {tier: bulk}   # exact values, all must match
 *         mode: aggregate
 * </pre>
 */
public final class PolicyFile {
  private static final Set<String> TOP = Set.of("sites");
  private static final Set<String> SITE = Set.of("version", "default", "aggregateWindow", "redactLabels", "rules");
  private static final Set<String> RULE = Set.of("metric", "labels", "mode");

  private PolicyFile() {}

  /** The policies of {@code file}, by site, stamped with {@code time}. */
  public static Map<String, UploadPolicy> read(Path file, Instant time) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new PolicyFileException(file + ": cannot read: " + e.getMessage(), e);
    }
    return parse(file.toString(), text, time);
  }

  public static Map<String, UploadPolicy> parse(String source, String text, Instant time) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      throw new PolicyFileException(source + ": not valid YAML or JSON: " + e.getMessage(), e);
    }
    Map<String, Object> top = mapping(source, "the document", root);
    only(source, "", top, TOP);
    if (!(top.get("sites") instanceof Map<?, ?>) || ((Map<?, ?>) top.get("sites")).isEmpty()) {
      throw new PolicyFileException(source + ": sites: required, a mapping of site id to its policy");
    }
    Map<String, UploadPolicy> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) top.get("sites")).entrySet()) {
      String site = String.valueOf(e.getKey()).trim();
      String path = "sites." + site + ".";
      if (site.isEmpty()) {
        throw new PolicyFileException(source + ": sites: a site id must not be empty");
      }
      out.put(site, site(source, path, site, mapping(source, "sites." + site, e.getValue()), time));
    }
    return out;
  }

  private static UploadPolicy site(String source, String path, String site, Map<String, Object> m, Instant time) {
    only(source, path, m, SITE);
    if (!m.containsKey("version")) {
      throw error(source, path + "version", "required (raise it on every change: edges ignore a version not higher "
          + "than the one they apply)");
    }
    long version;
    if (m.get("version") instanceof Number n && !(n instanceof Double) && !(n instanceof Float)) {
      version = n.longValue();
    } else {
      throw error(source, path + "version", "expected a whole number, got '" + m.get("version") + "'");
    }
    if (version < 0) {
      throw error(source, path + "version", "must be >= 0, got " + version);
    }
    Mode dflt = m.containsKey("default") ? mode(source, path + "default", m.get("default")) : Mode.RAW;
    Duration window = UploadPolicy.DEFAULT_AGGREGATE_WINDOW;
    if (m.containsKey("aggregateWindow")) {
      try {
        window = Durations.parse(String.valueOf(m.get("aggregateWindow")));
      } catch (IllegalArgumentException e) {
        throw error(source, path + "aggregateWindow", e.getMessage());
      }
      if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(UploadPolicy.MAX_AGGREGATE_WINDOW) > 0
          || window.getNano() != 0) {
        throw error(source, path + "aggregateWindow", "must be whole seconds between 1s and 1d, got '"
            + m.get("aggregateWindow") + "'");
      }
    }
    List<String> redact = new ArrayList<>();
    if (m.containsKey("redactLabels")) {
      if (!(m.get("redactLabels") instanceof List<?> l)) {
        throw error(source, path + "redactLabels", "expected a list of label names");
      }
      for (int i = 0; i < l.size(); i++) {
        String name = l.get(i) == null ? "" : String.valueOf(l.get(i)).trim();
        if (!name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
          throw error(source, path + "redactLabels[" + i + "]", "'" + name + "' is not a label name");
        }
        redact.add(name);
      }
    }
    List<UploadPolicy.Rule> rules = new ArrayList<>();
    if (m.containsKey("rules")) {
      if (!(m.get("rules") instanceof List<?> l)) {
        throw error(source, path + "rules", "expected a list of rules");
      }
      for (int i = 0; i < l.size(); i++) {
        rules.add(rule(source, path + "rules[" + i + "].", mapping(source, path + "rules[" + i + "]", l.get(i))));
      }
    }
    return new UploadPolicy(null, site, time, version, dflt, rules, redact, window);
  }

  private static UploadPolicy.Rule rule(String source, String path, Map<String, Object> m) {
    only(source, path, m, RULE);
    Object metric = m.get("metric");
    if (metric == null || String.valueOf(metric).isBlank()) {
      throw error(source, path + "metric", "required: a metric name, '*' wildcards allowed");
    }
    if (!String.valueOf(metric).matches("[a-zA-Z0-9_:*]+")) {
      throw error(source, path + "metric", "'" + metric + "' can never match a metric name (letters, digits, _ : and *)");
    }
    if (!m.containsKey("mode")) {
      throw error(source, path + "mode", "required: raw, aggregate or local_only");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (m.containsKey("labels")) {
      mapping(source, path + "labels", m.get("labels")).forEach((k, v) -> {
        if (v == null) {
          throw error(source, path + "labels." + k, "needs a value (exact match)");
        }
        labels.put(k, String.valueOf(v));
      });
    }
    return new UploadPolicy.Rule(String.valueOf(metric), labels, mode(source, path + "mode", m.get("mode")));
  }

  private static Mode mode(String source, String field, Object value) {
    String s = String.valueOf(value).trim().toUpperCase(Locale.ROOT);
    try {
      return Mode.valueOf(s);
    } catch (IllegalArgumentException e) {
      throw error(source, field, "invalid value '" + value + "' (allowed: raw, aggregate, local_only)");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mapping(String source, String what, Object node) {
    if (node == null) {
      return Map.of();
    }
    if (!(node instanceof Map<?, ?> m)) {
      throw new PolicyFileException(source + ": " + what + ": expected a mapping, got " + node.getClass().getSimpleName());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    ((Map<Object, Object>) m).forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private static void only(String source, String path, Map<String, Object> m, Set<String> allowed) {
    for (String key : m.keySet()) {
      if (!allowed.contains(key)) {
        throw error(source, path + key, "unknown field (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
    }
  }

  private static PolicyFileException error(String source, String field, String reason) {
    return new PolicyFileException(source + ": " + field + ": " + reason);
  }
}
