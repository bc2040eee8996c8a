package io.sextant.deploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sextant.central.locate.bench.LocalizationBench;
import io.sextant.central.locate.bench.LocalizationBench.Result;
import io.sextant.central.locate.bench.LocalizationBench.Score;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sextant bench localize}: link localization's precision, recall and round time on random meshes. */
@Command(name = "localize", mixinStandardHelpOptions = true,
    description = {"Builds a random mesh of N inter-cloud links (sites on points of presence, some dual-homed, "
        + "some backbone links through transit routers), makes K links lossy at once (1-10 % each) in every "
        + "round, simulates the probe mesh on the routed paths (binomial loss per probe over a small baseline "
        + "loss), runs the centre's link localizer and scores it: precision and recall with the lossy links drawn "
        + "among the identifiable links and among all links, and the localizer's time per round.",
        "A link is identifiable at fault count K when some path crosses it, no other link is crossed by exactly "
            + "the same paths, its paths are not exactly those of K or fewer other links together, and it is not "
            + "one of K or fewer links whose paths together are exactly another link's."})
public final class BenchLocalizeCommand implements Callable<Integer> {
  /** The criterion, as written into the report. */
  static final String CRITERION = "some path crosses the link; no other link is crossed by exactly the same paths; "
      + "its paths are not exactly the paths of K or fewer other links together; it is not one of K or fewer links "
      + "whose paths together are exactly another link's (K = faults)";

  @Option(names = "--links", defaultValue = "100", description = "Links in the mesh (default ${DEFAULT-VALUE}).")
  int links;

  @Option(names = "--faults", defaultValue = "1", description = "Lossy links at once, 1 to 3 (default ${DEFAULT-VALUE}).")
  int faults;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the mesh and the measurements (default "
      + "${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--rounds", defaultValue = "20", description = "Rounds scored, each with one draw among the "
      + "identifiable links and one among all (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--probes", defaultValue = "20", description = "Probes per path per window; the live mesh's "
      + "default is 20 (default ${DEFAULT-VALUE}).")
  int probes;

  @Option(names = "--windows", defaultValue = "30", description = "Windows of probes pooled into one round's "
      + "evidence, all within the fault (default ${DEFAULT-VALUE}: 600 probes a path at 20 a window, 150 s of "
      + "5 s windows).")
  int windows;

  @Option(names = "--report", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
  Path report;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    LocalizationBench.Settings settings;
    try {
      settings = new LocalizationBench.Settings(links, faults, seed, rounds, probes, windows);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    Result r;
    try {
      r = new LocalizationBench(settings).run();
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    out.printf(Locale.ROOT, "mesh: %d links, %d sites, %d routers, %d paths; %d links identifiable at %d fault(s), "
        + "not: %s%n", links, r.sites(), r.routers(), r.paths(), r.identifiableLinks(), faults, r.notIdentifiable());
    out.printf(Locale.ROOT, "evidence: %d probes a window x %d windows a path; %d rounds%n", probes, windows, rounds);
    line(out, "identifiable links", r.identifiable());
    line(out, "all links", r.all());
    out.printf(Locale.ROOT, "round: median %.1f ms, worst %.1f ms CPU (wall %.1f / %.1f ms)%n",
        Result.median(r.roundCpuMillis()), Result.worst(r.roundCpuMillis()), Result.median(r.roundMillis()),
        Result.worst(r.roundMillis()));
    if (report != null) {
      write(r);
      out.println("report written to " + report);
    }
    out.flush();
    return 0;
  }

  private static void line(PrintWriter out, String name, Score s) {
    out.printf(Locale.ROOT, "%-19s precision %.3f recall %.3f (%d right, %d wrong, %d missed)%n", name + ":",
        s.precision(), s.recall(), s.truePositives(), s.falsePositives(), s.falseNegatives());
  }

  private void write(Result r) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("links", links);
    root.put("faults", faults);
    root.put("seed", seed);
    root.put("rounds", rounds);
    root.put("probes_per_window", probes);
    root.put("windows", windows);
    Map<String, Object> mesh = new LinkedHashMap<>();
    mesh.put("sites", r.sites());
    mesh.put("routers", r.routers());
    mesh.put("paths", r.paths());
    mesh.put("identifiable_links", r.identifiableLinks());
    Map<String, Object> not = new LinkedHashMap<>();
    r.notIdentifiable().forEach((reason, n) -> not.put(reason.name().toLowerCase(Locale.ROOT), n));
    mesh.put("not_identifiable", not);
    root.put("mesh", mesh);
    root.put("identifiability_criterion", CRITERION);
    // The goal is stated on identifiable links, so they are the headline.
    Map<String, Object> overall = score(r.identifiable());
    overall.put("population", "identifiable");
    root.put("overall", overall);
    root.put("identifiable", score(r.identifiable()));
    root.put("all", score(r.all()));
    Map<String, Object> ms = new LinkedHashMap<>();
    ms.put("median", Result.median(r.roundCpuMillis()));
    ms.put("worst", Result.worst(r.roundCpuMillis()));
    ms.put("wall_median", Result.median(r.roundMillis()));
    ms.put("wall_worst", Result.worst(r.roundMillis()));
    root.put("round_ms", ms);
    if (report.toAbsolutePath().getParent() != null) {
      Files.createDirectories(report.toAbsolutePath().getParent());
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), root);
  }

  private static Map<String, Object> score(Score s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("precision", s.precision());
    m.put("recall", s.recall());
    m.put("true_positives", s.truePositives());
    m.put("false_positives", s.falsePositives());
    m.put("false_negatives", s.falseNegatives());
    return m;
  }
}
