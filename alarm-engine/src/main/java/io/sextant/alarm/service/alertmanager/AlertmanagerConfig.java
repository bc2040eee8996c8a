package io.sextant.alarm.service.alertmanager;

import io.sextant.alarm.notify.Route;
import io.sextant.alarm.notify.Router;
import io.sextant.alarm.service.ConfigException;
import io.sextant.alarm.service.ReceiverSpec;
import io.sextant.alarm.silence.InhibitRule;
import io.sextant.alarm.silence.TimeInterval;
import io.sextant.common.match.Matcher;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * An Alertmanager configuration file read as the alarm service's routing, receivers and
 * inhibition rules (docs/alarm-engine.md, "Importing an Alertmanager configuration").
 *
 * <p>Routes are named by their place in the file ({@code route}, {@code route.routes[0]},
 * {@code route.routes[0].routes[2]}); each holds what it inherits (receiver, {@code group_by},
 * timings), as Alertmanager's. Receivers keep their names; an integration is named
 * {@code receiver/kind_configs[i]}. Inhibition rules are named {@code inhibit_rules[i]}.
 */
public record AlertmanagerConfig(Router router, Map<String, ReceiverSpec> receivers, List<InhibitRule> inhibitRules) {
  public static final Duration RESOLVE_TIMEOUT = Duration.ofMinutes(5);
  private static final Set<String> TOP = Set.of("global", "templates", "route", "receivers", "inhibit_rules",
      "time_intervals", "mute_time_intervals");
  private static final Set<String> ROUTE = Set.of("receiver", "group_by", "continue", "match", "match_re", "matchers",
      "group_wait", "group_interval", "repeat_interval", "mute_time_intervals", "active_time_intervals", "routes");
  private static final Set<String> INHIBIT = Set.of("source_match", "source_match_re", "source_matchers",
      "target_match", "target_match_re", "target_matchers", "equal");

  public AlertmanagerConfig {
    receivers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(receivers));
    inhibitRules = List.copyOf(inhibitRules);
  }

  /**
   * Reads the file; everything Sextant does not support is refused in one {@link ConfigException},
   * one line each, naming the field.
   */
  public static AlertmanagerConfig load(Path file) {
    return parse(yaml(file), file.getFileName().toString(), file.toAbsolutePath().getParent());
  }

  /** Only the routing tree (its receivers are not read), e.g. to compare it with amtool's. */
  public static Router routes(Path file) {
    AmNode root = root(yaml(file), file.getFileName().toString());
    return new Router(route(root.child("route"), null, AmTimeIntervals.of(root)));
  }

  /** @param dir where the file's relative paths ({@code *_file}, {@code templates}) resolve */
  public static AlertmanagerConfig parse(Object doc, String source, Path dir) {
    AmNode root = root(doc, source);
    List<String> refused = new ArrayList<>();
    for (String key : root.keys()) {
      if (!TOP.contains(key)) {
        throw root.error(key, "is not an Alertmanager setting (known: " + String.join(", ", TOP.stream().sorted()
            .toList()) + ")");
      }
    }
    templates(root, dir, refused);
    Map<String, TimeInterval> intervals = AmTimeIntervals.of(root);
    if (!root.has("route")) {
      throw root.error("route", "is required");
    }
    Router router = new Router(route(root.child("route"), null, intervals));
    AmNode global = root.child("global");
    Map<String, ReceiverSpec> receivers = new AmReceivers(global, dir, refused).read(root.children("receivers"));
    Duration resolveTimeout = global.duration("resolve_timeout", RESOLVE_TIMEOUT);
    if (!resolveTimeout.equals(RESOLVE_TIMEOUT)) {
      refused.add(source + ": global.resolve_timeout " + global.text("resolve_timeout", "") + " is not supported by "
          + "Sextant (an alert posted without an end is taken as firing for 5m, Alertmanager's default)");
    }
    for (Route r : router.all()) {
      if (!receivers.containsKey(r.receiver())) {
        throw new ConfigException(source + ": " + r.name() + ".receiver '" + r.receiver() + "' is not in receivers");
      }
    }
    List<InhibitRule> rules = new ArrayList<>();
    for (AmNode n : root.children("inhibit_rules")) {
      rules.add(inhibit(n));
    }
    if (!refused.isEmpty()) {
      throw new ConfigException(String.join("\n", refused));
    }
    return new AlertmanagerConfig(router, receivers, rules);
  }

  private static Object yaml(Path file) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage());
    } catch (YAMLException e) {
      throw new ConfigException(file + " is not valid YAML: " + e.getMessage());
    }
  }

  private static AmNode root(Object doc, String source) {
    if (!(doc instanceof Map<?, ?> map)) {
      throw new ConfigException(source + " must be a mapping at the top level");
    }
    return new AmNode(source, "", map);
  }

  /** Template files would change the text of notifications; Sextant renders no Go templates. */
  private static void templates(AmNode root, Path dir, List<String> refused) {
    List<String> globs = root.texts("templates");
    for (int i = 0; i < globs.size(); i++) {
      Path pattern = dir.resolve(globs.get(i));
      Path parent = pattern.getParent();
      List<String> found = new ArrayList<>();
      if (parent != null && Files.isDirectory(parent)) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(parent, pattern.getFileName().toString())) {
          files.forEach(f -> found.add(f.getFileName().toString()));
        } catch (IOException e) {
          throw root.error("templates[" + i + "]", "cannot be listed: " + e.getMessage());
        }
      }
      if (!found.isEmpty()) {
        refused.add(root.source() + ": templates[" + i + "] (" + globs.get(i) + ": " + found.size() + " file(s)) is "
            + "not supported by Sextant (it renders no Go templates; its notifications have their own text)");
      }
    }
  }

  private static Router.Node route(AmNode n, Route parent, Map<String, TimeInterval> intervals) {
    boolean root = parent == null;
    String name = root ? "route" : n.path();
    for (String key : n.keys()) {
      if (!ROUTE.contains(key)) {
        throw n.error(key, "is not a route setting (known: " + String.join(", ", ROUTE.stream().sorted().toList())
            + ")");
      }
    }
    List<Matcher> matchers = AmMatchers.of(n, "");
    if (root) {
      for (String key : List.of("match", "match_re", "matchers", "continue", "mute_time_intervals",
          "active_time_intervals")) {
        if (n.has(key)) {
          throw n.error(key, "is not allowed on the root route, which takes every alert");
        }
      }
      if (!n.has("receiver")) {
        throw n.error("receiver", "is required on the root route");
      }
    }
    List<String> groupBy = n.has("group_by") ? n.texts("group_by") : root ? List.of() : parent.groupBy();
    if (groupBy.contains(Route.ALL_LABELS) && groupBy.size() > 1) {
      throw n.error("group_by", "has '...' beside other labels: '...' must be alone");
    }
    Route route;
    try {
      route = new Route(name, matchers, n.text("receiver", root ? null : parent.receiver()), groupBy,
          n.duration("group_wait", root ? Route.GROUP_WAIT : parent.groupWait()),
          n.duration("group_interval", root ? Route.GROUP_INTERVAL : parent.groupInterval()),
          n.duration("repeat_interval", root ? Route.REPEAT_INTERVAL : parent.repeatInterval()),
          n.flag("continue", false), intervals(n, "mute_time_intervals", intervals),
          intervals(n, "active_time_intervals", intervals));
    } catch (IllegalArgumentException e) {
      if (e instanceof ConfigException c) {
        throw c;
      }
      throw new ConfigException(n.source() + ": " + name + ": " + e.getMessage());
    }
    List<Router.Node> children = new ArrayList<>();
    for (AmNode c : n.children("routes")) {
      children.add(route(c, route, intervals));
    }
    return new Router.Node(route, children);
  }

  private static List<TimeInterval> intervals(AmNode n, String key, Map<String, TimeInterval> defined) {
    List<TimeInterval> out = new ArrayList<>();
    for (String name : n.texts(key)) {
      TimeInterval t = defined.get(name);
      if (t == null) {
        throw n.error(key, "names '" + name + "', which is not in time_intervals or mute_time_intervals");
      }
      out.add(t);
    }
    return out;
  }

  private static InhibitRule inhibit(AmNode n) {
    for (String key : n.keys()) {
      if (!INHIBIT.contains(key)) {
        throw n.error(key, "is not an inhibition rule setting (known: " + String.join(", ", INHIBIT.stream().sorted()
            .toList()) + ")");
      }
    }
    List<Matcher> source = AmMatchers.of(n, "source_");
    List<Matcher> target = AmMatchers.of(n, "target_");
    if (source.isEmpty() || target.isEmpty()) {
      throw new ConfigException(n.source() + ": " + n.path() + " has no " + (source.isEmpty() ? "source" : "target")
          + " matchers: Sextant needs both (an empty side would match every alarm)");
    }
    return new InhibitRule(n.path(), source, target, n.texts("equal"));
  }
}
