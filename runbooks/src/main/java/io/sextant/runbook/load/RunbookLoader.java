package io.sextant.runbook.load;

import io.sextant.common.model.ActionKind;
import io.sextant.common.model.FaultKind;
import io.sextant.runbook.model.GuardPolicy;
import io.sextant.runbook.model.Runbook;
import io.sextant.runbook.model.Trigger;
import io.sextant.runbook.model.VerifyPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads runbooks from YAML and validates them strictly: an unknown key is an error, not a
 * silently ignored typo, because a runbook that quietly loses its guard is worse than none.
 */
public final class RunbookLoader {
  /** The runbooks shipped with Sextant, on the classpath. */
  public static final List<String> BUILT_IN = List.of(
      "runbooks/scale-out-cpu-saturation.yaml",
      "runbooks/reroute-lossy-link.yaml",
      "runbooks/migrate-failed-gpu-node.yaml");

  private static final Set<String> TOP = Set.of("id", "description", "scope", "trigger", "action", "guard", "verify");

  private RunbookLoader() {}

  public static List<Runbook> builtIn() {
    List<Runbook> all = new ArrayList<>();
    for (String resource : BUILT_IN) {
      try (InputStream in = RunbookLoader.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new RunbookException(resource + ": not on the classpath");
        }
        all.add(parse(resource, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return checkUnique(all);
  }

  /** Every {@code *.yaml} in a directory, sorted by file name. */
  public static List<Runbook> fromDirectory(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Runbook> all = new ArrayList<>();
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        all.add(parse(f.toString(), Files.readString(f)));
      }
      return checkUnique(all);
    } catch (IOException e) {
      throw new RunbookException(dir + ": cannot read runbooks: " + e.getMessage(), e);
    }
  }

  public static Runbook parse(String source, String yaml) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (YAMLException e) {
      throw new RunbookException(source + ": not valid YAML: " + e.getMessage(), e);
    }
    Fields f = new Fields(source, "", root);
    f.only(TOP);
    Fields trigger = f.section("trigger");
    trigger.only(Set.of("detection", "diagnosis"));
    Trigger t;
    if (trigger.has("detection") == trigger.has("diagnosis")) {
      throw f.error("trigger", "give exactly one of 'detection: <metric>' or 'diagnosis: <fault kind>'");
    }
    t = trigger.has("detection")
        ? new Trigger.OnDetection(trigger.text("detection", null))
        : new Trigger.OnDiagnosis(trigger.parse("diagnosis", FaultKind::valueOf, null));
    Fields action = f.section("action");
    action.only(Set.of("kind", "options"));
    Map<String, String> options = new LinkedHashMap<>();
    action.map("options").forEach((k, v) -> options.put(k, String.valueOf(v)));
    Fields guard = f.optionalSection("guard");
    guard.only(Set.of("maxActions", "window", "maxBlastRadius", "allow", "deny", "requireApproval"));
    Fields verify = f.optionalSection("verify");
    verify.only(Set.of("within", "stableFor", "rollback"));
    try {
      return new Runbook(
          f.text("id", null),
          f.text("description", ""),
          f.parse("scope", s -> Runbook.Scope.valueOf(s.toUpperCase()), null),
          t,
          action.parse("kind", ActionKind::valueOf, null),
          options,
          new GuardPolicy(
              guard.parse("maxActions", Integer::parseInt, GuardPolicy.DEFAULT_MAX_ACTIONS),
              guard.parse("window", Durations::parse, GuardPolicy.DEFAULT_WINDOW),
              guard.parse("maxBlastRadius", Integer::parseInt, GuardPolicy.DEFAULT_MAX_BLAST_RADIUS),
              guard.list("allow"),
              guard.list("deny"),
              guard.parse("requireApproval", Boolean::parseBoolean, false)),
          new VerifyPolicy(
              verify.parse("within", Durations::parse, VerifyPolicy.DEFAULT_WITHIN),
              verify.parse("stableFor", Durations::parse, VerifyPolicy.DEFAULT_STABLE_FOR),
              verify.parse("rollback", Boolean::parseBoolean, true)));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new RunbookException(source + ": " + e.getMessage(), e);
    }
  }

  private static List<Runbook> checkUnique(List<Runbook> runbooks) {
    Set<String> seen = new HashSet<>();
    for (Runbook r : runbooks) {
      if (!seen.add(r.id())) {
        throw new RunbookException("two runbooks have the id '" + r.id() + "'");
      }
    }
    return List.copyOf(runbooks);
  }

  /** A YAML mapping with its path, for error messages that name the field. */
  private record Fields(String source, String path, Map<String, Object> values) {
    @SuppressWarnings("unchecked")
    Fields(String source, String path, Object node) {
      this(source, path, asMap(source, path, node));
    }

    private static Map<String, Object> asMap(String source, String path, Object node) {
      if (node == null) {
        return Map.of();
      }
      if (!(node instanceof Map<?, ?> m)) {
        throw new RunbookException(source + ": " + (path.isEmpty() ? "the document" : path)
            + ": expected a mapping, got " + node.getClass().getSimpleName());
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) m;
      return typed;
    }

    RunbookException error(String field, String reason) {
      return new RunbookException(source + ": " + path + field + ": " + reason);
    }

    void only(Set<String> allowed) {
      for (String key : values.keySet()) {
        if (!allowed.contains(key)) {
          throw error(key, "unknown field (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
        }
      }
    }

    boolean has(String key) {
      return values.containsKey(key);
    }

    Fields section(String key) {
      if (!has(key)) {
        throw error(key, "is required");
      }
      return new Fields(source, path + key + ".", values.get(key));
    }

    Fields optionalSection(String key) {
      return new Fields(source, path + key + ".", values.get(key));
    }

    String text(String key, String fallback) {
      Object v = values.get(key);
      if (v == null) {
        if (fallback == null) {
          throw error(key, "is required");
        }
        return fallback;
      }
      String s = String.valueOf(v).trim();
      if (s.isEmpty()) {
        throw error(key, "must not be empty");
      }
      return s;
    }

    <T> T parse(String key, Function<String, T> parser, T fallback) {
      if (!has(key) && fallback != null) {
        return fallback;
      }
      String s = text(key, null);
      try {
        return parser.apply(s);
      } catch (RuntimeException e) {
        throw error(key, "invalid value '" + s + "': " + e.getMessage());
      }
    }

    Map<String, Object> map(String key) {
      return new Fields(source, path + key + ".", values.get(key)).values();
    }

    List<String> list(String key) {
      Object v = values.get(key);
      if (v == null) {
        return List.of();
      }
      if (!(v instanceof List<?> l)) {
        throw error(key, "expected a list of glob patterns");
      }
      return l.stream().map(String::valueOf).toList();
    }
  }
}
