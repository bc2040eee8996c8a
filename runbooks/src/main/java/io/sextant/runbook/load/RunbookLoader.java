package io.sextant.runbook.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.common.action.Step;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.FaultKind;
import io.sextant.runbook.model.GuardPolicy;
import io.sextant.runbook.model.Runbook;
import io.sextant.runbook.model.Trigger;
import io.sextant.runbook.model.VerifyPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads runbooks from YAML and validates them strictly, first against the published JSON Schema
 * ({@link RunbookSchema}: an unknown key, a bad duration, a missing field), then for what a schema
 * cannot say (stableFor within within); every problem names the file, the line and the reason. An
 * unknown key is an error, not a silently ignored typo, because a runbook that quietly loses its
 * guard is worse than none.
 */
public final class RunbookLoader {
  /** The runbooks shipped with Sextant, on the classpath: what the simulated cloud is repaired with. */
  public static final List<String> BUILT_IN = List.of(
      "runbooks/scale-out-cpu-saturation.yaml",
      "runbooks/reroute-lossy-link.yaml",
      "runbooks/migrate-failed-gpu-node.yaml");

  /** What a directory held: the good runbooks, and the problems of the refused files (empty when all loaded). */
  public record Loaded(List<Runbook> runbooks, List<Problem> problems) {
    public Loaded {
      runbooks = List.copyOf(runbooks);
      problems = List.copyOf(problems);
    }
  }

  private RunbookLoader() {}

  public static List<Runbook> builtIn() {
    List<Runbook> all = new ArrayList<>();
    for (String resource : BUILT_IN) {
      try (InputStream in = RunbookLoader.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new RunbookException(resource + ": not on the classpath");
        }
        all.add(parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Loaded checked = unique(all, List.of());
    if (!checked.problems().isEmpty()) {
      throw new RunbookException(checked.problems(), null);
    }
    return checked.runbooks();
  }

  /** Every {@code *.yaml} and {@code *.yml} in a directory, sorted by file name; any problem refuses them all. */
  public static List<Runbook> fromDirectory(Path dir) {
    Loaded l = load(dir);
    if (!l.problems().isEmpty()) {
      throw new RunbookException(l.problems(), null);
    }
    return l.runbooks();
  }

  /**
   * Every runbook file of a directory: the good ones load, a bad one is left out with its problems
   * (a live node logs and counts them and runs the rest); a second runbook with an id already taken
   * is left out too. An unreadable directory is one problem.
   */
  public static Loaded load(Path dir) {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      return new Loaded(List.of(), List.of(new Problem(dir.toString(), 0, "cannot read runbooks: " + e)));
    }
    List<Runbook> good = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (Path f : files) {
      try {
        good.add(parse(f.toString(), Files.readString(f, StandardCharsets.UTF_8)));
      } catch (RunbookException e) {
        problems.addAll(e.problems());
      } catch (IOException e) {
        problems.add(new Problem(f.toString(), 0, "cannot read: " + e));
      }
    }
    return unique(good, problems);
  }

  /** Every problem of one file's text (empty: it loads). */
  public static List<Problem> validate(String source, String yaml) {
    try {
      parse(source, yaml);
      return List.of();
    } catch (RunbookException e) {
      return e.problems();
    }
  }

  public static Runbook parse(String source, String yaml) {
    RunbookSchema.Read read = RunbookSchema.read(source, yaml);
    if (read.syntax() != null) {
      throw new RunbookException(List.of(read.syntax()), null);
    }
    JsonNode root = read.tree();
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new RunbookException(List.of(new Problem(source, 0, "empty: a runbook needs id, scope, trigger, action")),
          null);
    }
    List<Problem> schema = RunbookSchema.validate(source, root);
    if (!schema.isEmpty()) {
      throw new RunbookException(schema, null);
    }
    Tree t = new Tree(source, root);
    JsonNode trigger = root.get("trigger");
    JsonNode action = root.get("action");
    JsonNode guard = root.path("guard");
    JsonNode verify = root.path("verify");
    Map<String, String> options = new LinkedHashMap<>();
    action.path("options").fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
    List<Step> steps = new ArrayList<>();
    root.path("steps").forEach(s -> s.fields().forEachRemaining(e ->
        steps.add(new Step(Step.Adapter.of(e.getKey()), e.getValue().asText()))));
    GuardPolicy g = t.build("guard", () -> new GuardPolicy(
        guard.path("maxActions").asInt(GuardPolicy.DEFAULT_MAX_ACTIONS),
        t.duration("guard.window", GuardPolicy.DEFAULT_WINDOW),
        guard.path("maxBlastRadius").asInt(GuardPolicy.DEFAULT_MAX_BLAST_RADIUS),
        strings(guard.path("allow")), strings(guard.path("deny")),
        guard.path("requireApproval").asBoolean(false)));
    VerifyPolicy v = t.build("verify", () -> new VerifyPolicy(
        strings(verify.path("kpi")),
        t.duration("verify.within", VerifyPolicy.DEFAULT_WITHIN),
        t.duration("verify.stableFor", VerifyPolicy.DEFAULT_STABLE_FOR),
        verify.path("rollback").asBoolean(true),
        t.duration("verify.revertAfter", null),
        t.duration("verify.waitToRestore", null)));
    return t.build("id", () -> new Runbook(root.get("id").asText(), root.path("description").asText(""),
        Runbook.Scope.valueOf(root.get("scope").asText().toUpperCase(Locale.ROOT)), trigger(trigger),
        ActionKind.valueOf(action.get("kind").asText()), options, steps, g, v));
  }

  private static Trigger trigger(JsonNode t) {
    Map<String, String> labels = new HashMap<>();
    t.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    if (t.has("detection")) {
      return new Trigger.OnDetection(t.get("detection").asText(), labels);
    }
    if (t.has("diagnosis")) {
      return new Trigger.OnDiagnosis(FaultKind.valueOf(t.get("diagnosis").asText()));
    }
    return new Trigger.OnAlarm(t.get("alarm").asText(), labels);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Loaded unique(List<Runbook> runbooks, List<Problem> problems) {
    Map<String, Runbook> seen = new LinkedHashMap<>();
    List<Problem> all = new ArrayList<>(problems);
    for (Runbook r : runbooks) {
      if (seen.putIfAbsent(r.id(), r) != null) {
        all.add(new Problem(r.id(), 0, "two runbooks have the id '" + r.id() + "'; the second is left out"));
      }
    }
    return new Loaded(List.copyOf(seen.values()), all);
  }

  /** The parsed YAML with its lines, for errors a schema cannot find. */
  private record Tree(String source, JsonNode root) {
    Duration duration(String dotted, Duration dflt) {
      JsonNode n = root;
      for (String part : dotted.split("\\.")) {
        n = n.path(part);
      }
      if (n.isMissingNode() || n.isNull()) {
        return dflt;
      }
      try {
        return Durations.parse(n.asText());
      } catch (IllegalArgumentException e) {
        throw new RunbookException(List.of(new Problem(source, RunbookSchema.line(root, dotted),
            dotted + ": " + e.getMessage())), e);
      }
    }

    <T> T build(String field, java.util.function.Supplier<T> make) {
      try {
        return make.get();
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new RunbookException(List.of(new Problem(source, RunbookSchema.line(root, field), e.getMessage())), e);
      }
    }
  }

}
