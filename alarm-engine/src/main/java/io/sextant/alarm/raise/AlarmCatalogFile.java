package io.sextant.alarm.raise;

import static io.sextant.common.config.Keys.key;

import io.sextant.common.config.ConfigException;
import io.sextant.common.config.Keys;
import io.sextant.common.config.YamlFields;
import io.sextant.common.model.EventType;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads alarm catalog files: the built-in one (the resource {@value #BUILT_IN} beside this class)
 * and an operator's, whose entries add to the built-in ones or replace those with the same key.
 * Every refusal names the file and the field ({@code catalog.yaml: detections[3].probableCause:
 * unknown probable cause 'transmisionError' ...}): an unknown X.733 event type, probable cause
 * or severity, a missing field, an unknown key, two entries for one key.
 */
public final class AlarmCatalogFile {
  /** The built-in catalog, a resource of this package. */
  public static final String BUILT_IN = "alarm-catalog.yaml";

  private static final Keys FIELDS_ONLY = Keys.of("", "",
      key("eventType", "X.733 event type", "required", "communicationsAlarm, qualityOfServiceAlarm, "
          + "processingErrorAlarm, equipmentAlarm or environmentalAlarm"),
      key("probableCause", "X.733 probable cause", "required", "as TMF642 writes it (`transmissionError`): "
          + "X.721, M.3100, or one the file declares under `probableCauses`"),
      key("perceivedSeverity", "critical, major, minor, warning or indeterminate", "required", "the alarm's "
          + "severity; a threshold's level replaces it"),
      key("specificProblem", "text", "required", "the alarm's text; what was observed is appended, unless the text "
          + "places it itself with " + Placeholders.NAMES));
  /** The top level of a catalog file (docs/configuration.md). */
  public static final Keys TOP = Keys.of("", "An operator's catalog, the centre's `alarm-catalog` (the built-in one: "
      + "alarm-engine's `io/sextant/alarm/raise/alarm-catalog.yaml`). Each entry adds to the built-in ones or "
      + "replaces the one with the same key.",
      key("detections", "list", "—", "the alarm of a detection, by its metric and detector (below)"),
      key("faults", "list", "—", "the alarm of a diagnosis, by its fault kind (below)"),
      key("fallback", "section", "thresholdCrossed, minor", "the alarm of a detection no entry names (the fields "
          + "of an entry)"),
      key("probableCauses", "list of names", "—", "probable causes of your own (a vendor's) the entries may use"));
  public static final Keys DETECTION = new Keys("detections[]", "The most specific entry wins: the metric with the "
      + "detector's full name, then with its kind (`threshold`), then the metric alone.",
      concat(List.of(
          key("metric", "metric name", "required", "the metric of the series the detection is about"),
          key("detector", "detector name", "— (any)", "only detections of this detector: `ewma-baseline`, `novelty`, "
              + "`seasonal`, `threshold` or `threshold:NAME`, `absent`, `no-data`, `model`")), FIELDS_ONLY));
  public static final Keys FAULT = new Keys("faults[]", "",
      concat(List.of(key("kind", "fault kind", "required", Arrays.stream(FaultKind.values())
          .map(AlarmCatalogFile::kebab).collect(Collectors.joining(", ")))), FIELDS_ONLY));
  /** Every section of a catalog file, in the order the reference shows them. */
  public static final List<Keys> REFERENCE = List.of(TOP, DETECTION, FAULT);

  private static volatile AlarmCatalog builtIn;

  private AlarmCatalogFile() {}

  /** The catalog Sextant ships with. */
  public static AlarmCatalog builtIn() {
    AlarmCatalog c = builtIn;
    if (c == null) {
      c = parse(builtInText(), BUILT_IN).over(null);
      builtIn = c;
    }
    return c;
  }

  /** The built-in catalog with {@code file}'s entries on top; every error names the file. */
  public static AlarmCatalog load(Path file) {
    Entries entries = YamlFields.load(file, (text, base) -> parse(text, null));
    return entries.over(builtIn());
  }

  /** Parses a catalog's text; {@code source}, when not null, prefixes every error. */
  static Entries parse(String text, String source) {
    try {
      return read(YamlFields.topLevel(text, TOP.names()));
    } catch (ConfigException e) {
      throw source == null ? e : new ConfigException(source + ": " + e.getMessage(), e);
    }
  }

  private static Entries read(Map<String, Object> top) {
    List<String> declared = YamlFields.list(top, "probableCauses", "");
    Set<String> causes = new LinkedHashSet<>(declared == null ? List.of() : declared);
    Map<AlarmCatalog.DetectionKey, AlarmSpec> detections = new LinkedHashMap<>();
    List<Map<String, Object>> ds = YamlFields.mappings(top, "detections", "", DETECTION.names(), "- metric: up ...");
    for (int i = 0; i < ds.size(); i++) {
      String at = "detections[" + i + "].";
      Map<String, Object> d = ds.get(i);
      String metric = requiredText(d, "metric", at);
      String detector = YamlFields.string(d, "detector", at, null);
      AlarmCatalog.DetectionKey k = new AlarmCatalog.DetectionKey(metric, detector);
      if (detections.put(k, spec(d, at, causes)) != null) {
        throw new ConfigException(at + "metric: a second entry for " + k);
      }
    }
    Map<FaultKind, AlarmSpec> faults = new LinkedHashMap<>();
    List<Map<String, Object>> fs = YamlFields.mappings(top, "faults", "", FAULT.names(), "- kind: link-loss ...");
    for (int i = 0; i < fs.size(); i++) {
      String at = "faults[" + i + "].";
      FaultKind kind = faultKind(requiredText(fs.get(i), "kind", at), at + "kind");
      if (faults.put(kind, spec(fs.get(i), at, causes)) != null) {
        throw new ConfigException(at + "kind: a second entry for " + kebab(kind));
      }
    }
    Map<String, Object> fb = YamlFields.section(top, "fallback", "", FIELDS_ONLY.names());
    return new Entries(detections, faults, fb == null ? null : spec(fb, "fallback.", causes));
  }

  private static AlarmSpec spec(Map<String, Object> m, String at, Set<String> declared) {
    EventType type = eventType(requiredText(m, "eventType", at), at + "eventType");
    String cause = requiredText(m, "probableCause", at);
    if (!ProbableCauses.known(cause) && !declared.contains(cause)) {
      String near = ProbableCauses.nearest(cause);
      throw new ConfigException(at + "probableCause: unknown probable cause '" + cause + "'"
          + (near == null ? "" : " (did you mean " + near + "?)")
          + "; X.721, M.3100 and 3GPP names are known, declare others under probableCauses");
    }
    Severity severity = severity(requiredText(m, "perceivedSeverity", at), at + "perceivedSeverity");
    String problem = requiredText(m, "specificProblem", at);
    Placeholders.check(problem, at + "specificProblem");
    return new AlarmSpec(type, cause, severity, problem);
  }

  /** X.733's names as TMF642 writes them (communicationsAlarm), or the enum's (COMMUNICATIONS_ALARM). */
  static EventType eventType(String text, String field) {
    String wanted = text.replace("_", "").toLowerCase(Locale.ROOT);
    for (EventType t : EventType.values()) {
      if (t.name().replace("_", "").toLowerCase(Locale.ROOT).equals(wanted)) {
        return t;
      }
    }
    throw new ConfigException(field + ": unknown X.733 event type '" + text + "'; one of communicationsAlarm, "
        + "qualityOfServiceAlarm, processingErrorAlarm, equipmentAlarm, environmentalAlarm");
  }

  /** A raised alarm's X.733 severity; {@code cleared} is a cleared alarm's, never a raised one's. */
  public static Severity severity(String text, String field) {
    String wanted = text.strip().toUpperCase(Locale.ROOT);
    for (Severity s : Severity.values()) {
      if (s != Severity.CLEARED && s.name().equals(wanted)) {
        return s;
      }
    }
    throw new ConfigException(field + ": unknown severity '" + text + "'; one of critical, major, minor, warning, "
        + "indeterminate");
  }

  private static FaultKind faultKind(String text, String field) {
    String wanted = text.strip().replace('-', '_').toUpperCase(Locale.ROOT);
    for (FaultKind k : FaultKind.values()) {
      if (k.name().equals(wanted)) {
        return k;
      }
    }
    throw new ConfigException(field + ": unknown fault kind '" + text + "'; one of " + Arrays.stream(FaultKind.values())
        .map(AlarmCatalogFile::kebab).collect(Collectors.joining(", ")));
  }

  private static String requiredText(Map<String, Object> m, String key, String at) {
    String v = YamlFields.string(m, key, at, null);
    if (v == null || v.isBlank()) {
      throw new ConfigException(at + key + ": required");
    }
    return v.strip();
  }

  private static String kebab(FaultKind k) {
    return k.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static List<Keys.Key> concat(List<Keys.Key> a, Keys b) {
    List<Keys.Key> all = new java.util.ArrayList<>(a);
    all.addAll(b.keys());
    return all;
  }

  private static String builtInText() {
    try (InputStream in = AlarmCatalogFile.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IllegalStateException("the built-in alarm catalog " + BUILT_IN + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the built-in alarm catalog: " + e.getMessage(), e);
    }
  }

  /** What one file says; {@link #over} lays it on a base catalog. */
  record Entries(Map<AlarmCatalog.DetectionKey, AlarmSpec> detections, Map<FaultKind, AlarmSpec> faults,
      AlarmSpec fallback) {
    AlarmCatalog over(AlarmCatalog base) {
      Map<AlarmCatalog.DetectionKey, AlarmSpec> d = new LinkedHashMap<>(base == null ? Map.of() : base.detections());
      d.putAll(detections);
      Map<FaultKind, AlarmSpec> f = new LinkedHashMap<>(base == null ? Map.of() : base.faults());
      f.putAll(faults);
      AlarmSpec fb = fallback != null ? fallback : base == null ? null : base.fallback();
      if (fb == null) {
        throw new ConfigException("fallback: required in the built-in catalog");
      }
      try {
        return new AlarmCatalog(d, f, fb);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("faults: " + e.getMessage(), e);
      }
    }
  }
}
