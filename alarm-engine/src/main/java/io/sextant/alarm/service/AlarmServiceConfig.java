package io.sextant.alarm.service;

import io.sextant.alarm.correlate.WindowGrouping;
import io.sextant.alarm.escalate.EscalationPolicy;
import io.sextant.alarm.ingest.IntakeDurability;
import io.sextant.common.match.Matcher;
import io.sextant.alarm.notify.RetryPolicy;
import io.sextant.alarm.notify.Route;
import io.sextant.alarm.notify.Router;
import io.sextant.alarm.service.alertmanager.AlertmanagerConfig;
import io.sextant.alarm.silence.InhibitRule;
import io.sextant.alarm.silence.MaintenanceWindow;
import io.sextant.common.model.Severity;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Everything the alarm service is configured with; read from YAML by {@link #load} (see
 * {@code docs/alarm-engine.md} for the file, {@code alarm-engine.example.yml} in the tests for a
 * full one). Validated when read: every error names its field.
 *
 * @param apiPort the HTTP port (TMF642 API, Alertmanager intake, silences); 0 = any free port,
 *     -1 = no HTTP server
 * @param tickEvery how often the notification pipeline runs on real time; zero = the caller ticks
 *     (a demo on a simulated clock)
 * @param subscription the bus subscription name for detections and diagnoses
 * @param intake when the Alertmanager intake answers a POST with a store behind it
 *     ({@code intake: {durability: batched|commit, maxDelay: 200ms}})
 */
public record AlarmServiceConfig(String apiHost, int apiPort, boolean alertmanagerIntake, String subscription,
    WindowGrouping grouping, Map<String, ReceiverSpec> receivers, Router router, List<InhibitRule> inhibitRules,
    List<MaintenanceWindow> maintenanceWindows, int flapMarkAbove, int flapUnmarkAtOrBelow, Duration flapWindow,
    EscalationPolicy escalation, RetryPolicy retry, Duration tickEvery, IntakeDurability intake) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9093;
  public static final String DEFAULT_SUBSCRIPTION = "alarm-engine";

  public AlarmServiceConfig {
    Objects.requireNonNull(apiHost, "apiHost");
    if (apiPort < -1 || apiPort > 65_535) {
      throw new ConfigException("api.port must be in [-1, 65535], got " + apiPort);
    }
    receivers = Map.copyOf(receivers);
    inhibitRules = List.copyOf(inhibitRules);
    maintenanceWindows = List.copyOf(maintenanceWindows);
    for (Route r : router.all()) {
      requireReceiver(receivers, r.receiver(), "route " + r.name());
    }
    for (EscalationPolicy.Level l : escalation.levels()) {
      requireReceiver(receivers, l.receiver(), "escalation level");
    }
    if (tickEvery.isNegative()) {
      throw new ConfigException("tickEvery must not be negative, got " + tickEvery);
    }
    Objects.requireNonNull(intake, "intake");
  }

  /** The same service without an HTTP server of its own (a node serving the API on its port). */
  public AlarmServiceConfig withoutApi() {
    return new AlarmServiceConfig(apiHost, -1, alertmanagerIntake, subscription, grouping, receivers, router,
        inhibitRules, maintenanceWindows, flapMarkAbove, flapUnmarkAtOrBelow, flapWindow, escalation, retry, tickEvery,
        intake);
  }

  public static AlarmServiceConfig load(Path file) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(new Yaml(new SafeConstructor(new LoaderOptions())).load(in), file.toString(),
          file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage());
    } catch (YAMLException e) {
      throw new ConfigException(file + " is not valid YAML: " + e.getMessage());
    }
  }

  public static AlarmServiceConfig parse(String yaml) {
    try {
      return parse(new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml), "config");
    } catch (YAMLException e) {
      throw new ConfigException("config is not valid YAML: " + e.getMessage());
    }
  }

  /**
   * Reads an already parsed YAML document (a section of another file, say); {@code source} names
   * it in errors; relative paths in it resolve against the working directory.
   */
  public static AlarmServiceConfig parse(Object doc, String source) {
    return parse(doc, source, Path.of(""));
  }

  /** @param dir where relative paths in it ({@code alertmanagerConfig}) resolve */
  public static AlarmServiceConfig parse(Object doc, String source, Path dir) {
    if (doc == null) {
      doc = Map.of();
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new ConfigException(source + " must be a mapping at the top level");
    }
    ConfigNode root = new ConfigNode("", map).only("api", "bus", "grouping", "alertmanagerConfig", "receivers", "route",
        "inhibitRules", "maintenanceWindows", "flapping", "escalation", "retry", "tickEvery", "intake");
    ConfigNode api = root.child("api").only("host", "port", "alertmanagerIntake");
    Map<String, ReceiverSpec> receivers = new LinkedHashMap<>();
    for (ConfigNode r : root.children("receivers")) {
      ReceiverSpec spec = ReceiverSpec.parse(r);
      if (receivers.put(spec.name(), spec) != null) {
        throw new ConfigException(r.field("name") + " '" + spec.name() + "' is used twice");
      }
    }
    AlertmanagerConfig imported = null;
    if (root.has("alertmanagerConfig")) {
      for (String replaced : List.of("route", "inhibitRules")) {
        if (root.has(replaced)) {
          throw new ConfigException(root.field(replaced) + ": the Alertmanager configuration (alertmanagerConfig) has "
              + "the routing and the inhibition rules; set them there");
        }
      }
      imported = AlertmanagerConfig.load(dir.resolve(root.text("alertmanagerConfig")));
      receivers = merge(imported.receivers(), receivers);
    }
    if (receivers.isEmpty() && !root.has("route")) {
      // Nothing to notify: alarms are still raised, stored and served; notifications go nowhere.
      receivers.put(ReceiverSpec.NONE, new ReceiverSpec(ReceiverSpec.NONE, ReceiverSpec.NONE, Map.of(), List.of()));
    }
    ConfigNode flap = root.child("flapping").only("markAbove", "unmarkAtOrBelow", "window");
    ConfigNode retry = root.child("retry").only("attempts", "initialBackoff", "maxBackoff");
    return new AlarmServiceConfig(api.text("host", DEFAULT_HOST), api.integer("port", DEFAULT_PORT),
        api.flag("alertmanagerIntake", true), root.child("bus").only("subscription").text("subscription",
            DEFAULT_SUBSCRIPTION), grouping(root.child("grouping")), receivers,
        imported != null ? imported.router() : router(root.child("route"), receivers),
        imported != null ? imported.inhibitRules()
            : guard(() -> root.children("inhibitRules").stream().map(AlarmServiceConfig::inhibit).toList()),
        root.children("maintenanceWindows").stream().map(AlarmServiceConfig::window).toList(),
        flap.integer("markAbove", 4), flap.integer("unmarkAtOrBelow", 1), flap.duration("window", Duration.ofMinutes(10)),
        escalation(root.child("escalation")), guard(() -> new RetryPolicy(retry.integer("attempts", 5),
            retry.duration("initialBackoff", Duration.ofMillis(500)), retry.duration("maxBackoff", Duration.ofSeconds(10)))),
        root.duration("tickEvery", Duration.ofSeconds(1)), intake(root.child("intake")));
  }

  private static IntakeDurability intake(ConfigNode n) {
    n.only("durability", "maxDelay");
    IntakeDurability.Mode mode;
    try {
      mode = IntakeDurability.Mode.parse(n.text("durability", IntakeDurability.DEFAULT.mode().name()
          .toLowerCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(n.field("durability") + ": " + e.getMessage());
    }
    try {
      return new IntakeDurability(mode, n.duration("maxDelay", IntakeDurability.DEFAULT_MAX_DELAY));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(n.field("maxDelay") + ": " + e.getMessage());
    }
  }

  /**
   * The imported receivers and Sextant's own: an own receiver adds one (an SMS gateway, say, for
   * escalation), or gives its integration to an imported receiver that has none (so the
   * Alertmanager file stays valid for amtool and routes to it by name).
   */
  private static Map<String, ReceiverSpec> merge(Map<String, ReceiverSpec> imported, Map<String, ReceiverSpec> own) {
    Map<String, ReceiverSpec> out = new LinkedHashMap<>(imported);
    own.forEach((name, spec) -> {
      ReceiverSpec before = out.get(name);
      if (before != null && !before.type().equals(ReceiverSpec.NONE)) {
        throw new ConfigException("receivers: '" + name + "' is also a receiver with integrations in the Alertmanager "
            + "configuration; only one without integrations can take Sextant's");
      }
      out.put(name, spec);
    });
    return out;
  }

  private static WindowGrouping grouping(ConfigNode n) {
    n.only("window", "by");
    if (!n.has("window")) {
      return WindowGrouping.OFF;
    }
    List<String> by = n.has("by") ? n.texts("by") : List.of("site");
    return guard(() -> new WindowGrouping(n.duration("window", Duration.ZERO), by));
  }

  /** {@code route:} is the fallback route; its {@code routes:} are tried first, in order. */
  private static Router router(ConfigNode n, Map<String, ReceiverSpec> receivers) {
    if (!n.has("receiver") && receivers.size() == 1 && receivers.containsKey(ReceiverSpec.NONE) && !n.has("routes")) {
      return new Router(List.of(), new Route("default", List.of(), ReceiverSpec.NONE, List.of("alertname"),
          Route.GROUP_WAIT, Route.GROUP_INTERVAL, Route.REPEAT_INTERVAL, false));
    }
    if (!n.has("receiver")) {
      throw new ConfigException(n.field("receiver") + " is required: the fallback receiver");
    }
    Route fallback = route(n, "default", null);
    List<Route> routes = new ArrayList<>();
    for (ConfigNode r : n.children("routes")) {
      routes.add(route(r, null, fallback));
    }
    return new Router(routes, fallback);
  }

  /**
   * A route; one under the fallback ({@code parent} not null) inherits its grouping and timings
   * when it does not set them, as Alertmanager's child routes do (and as an imported tree does).
   */
  private static Route route(ConfigNode n, String defaultName, Route parent) {
    boolean top = parent == null;
    if (top) {
      n.only("name", "receiver", "groupBy", "groupWait", "groupInterval", "repeatInterval", "routes");
    } else {
      n.only("name", "receiver", "matchers", "groupBy", "groupWait", "groupInterval", "repeatInterval", "continue");
    }
    String name = defaultName == null ? n.text("name") : n.text("name", defaultName);
    List<Matcher> matchers = matchers(n, "matchers");
    Route route = guard(() -> new Route(name, matchers, n.text("receiver"),
        n.has("groupBy") ? n.texts("groupBy") : top ? List.of("alertname") : parent.groupBy(),
        n.duration("groupWait", top ? Route.GROUP_WAIT : parent.groupWait()),
        n.duration("groupInterval", top ? Route.GROUP_INTERVAL : parent.groupInterval()),
        n.duration("repeatInterval", top ? Route.REPEAT_INTERVAL : parent.repeatInterval()), n.flag("continue", false)));
    if (!top && matchers.isEmpty()) {
      throw new ConfigException(n.field("matchers") + " is required: a route without matchers would take every alarm");
    }
    return route;
  }

  private static InhibitRule inhibit(ConfigNode n) {
    n.only("name", "source", "target", "equal");
    return new InhibitRule(n.text("name"), matchers(n, "source"), matchers(n, "target"), n.texts("equal"));
  }

  private static MaintenanceWindow window(ConfigNode n) {
    n.only("id", "matchers", "from", "until", "daily", "length", "zone", "days", "comment");
    List<Matcher> matchers = matchers(n, "matchers");
    String id = n.text("id");
    String comment = n.text("comment", "");
    if (n.has("from")) {
      return guard(() -> MaintenanceWindow.once(id, matchers, java.time.OffsetDateTime.parse(n.text("from")).toInstant(),
          java.time.OffsetDateTime.parse(n.text("until")).toInstant(), comment));
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String d : n.texts("days")) {
      days.add(day(n, d));
    }
    return guard(() -> MaintenanceWindow.recurring(id, matchers, LocalTime.parse(n.text("daily")),
        n.duration("length", null), ZoneId.of(n.text("zone", "UTC")), days, comment));
  }

  private static DayOfWeek day(ConfigNode n, String text) {
    String d = text.trim().toUpperCase(Locale.ROOT);
    for (DayOfWeek w : DayOfWeek.values()) {
      if (w.name().equals(d) || w.name().startsWith(d) && d.length() >= 3) {
        return w;
      }
    }
    throw new ConfigException(n.field("days") + ": '" + text + "' is not a weekday (mon, tue, … or monday, …)");
  }

  private static EscalationPolicy escalation(ConfigNode n) {
    n.only("severities", "levels", "renotifyEvery");
    if (!n.has("levels")) {
      return EscalationPolicy.NONE;
    }
    Set<Severity> severities = EnumSet.noneOf(Severity.class);
    for (String s : n.has("severities") ? n.texts("severities") : List.of("critical")) {
      try {
        severities.add(Severity.valueOf(s.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(n.field("severities") + ": '" + s + "' is not an X.733 severity");
      }
    }
    List<EscalationPolicy.Level> levels = new ArrayList<>();
    for (ConfigNode l : n.children("levels")) {
      l.only("after", "receiver");
      levels.add(guard(() -> new EscalationPolicy.Level(l.duration("after", null), l.text("receiver"))));
    }
    return guard(() -> new EscalationPolicy(severities, levels, n.duration("renotifyEvery", null)));
  }

  private static List<Matcher> matchers(ConfigNode n, String key) {
    List<Matcher> out = new ArrayList<>();
    List<String> texts = n.texts(key);
    for (int i = 0; i < texts.size(); i++) {
      try {
        out.add(Matcher.parse(texts.get(i)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(n.field(key) + "[" + i + "]: " + e.getMessage());
      }
    }
    return out;
  }

  /** Turns a domain validation error into a configuration error, keeping its message. */
  private static <T> T guard(Supplier<T> build) {
    try {
      return build.get();
    } catch (ConfigException e) {
      throw e;
    } catch (DateTimeParseException e) {
      throw new ConfigException("invalid time: " + e.getMessage());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ConfigException(e.getMessage());
    } catch (java.time.DateTimeException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static void requireReceiver(Map<String, ReceiverSpec> receivers, String name, String usedBy) {
    if (!receivers.containsKey(name)) {
      throw new ConfigException(usedBy + " names receiver '" + name + "', which is not in receivers");
    }
  }
}
