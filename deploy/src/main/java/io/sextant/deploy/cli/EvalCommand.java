package io.sextant.deploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sextant.edge.eval.BestF1;
import io.sextant.edge.eval.FileScore;
import io.sextant.edge.eval.KpiGenerator;
import io.sextant.edge.eval.LabelCsvCorpus;
import io.sextant.edge.eval.LabeledSeries;
import io.sextant.edge.eval.NabCorpus;
import io.sextant.edge.eval.NabEvaluation;
import io.sextant.edge.eval.NabProfile;
import io.sextant.edge.eval.NabScorer;
import io.sextant.edge.eval.ProfileResult;
import io.sextant.edge.eval.ScoreFiles;
import io.sextant.edge.eval.SeriesPlot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sextant eval}: a detector over labelled series in the NAB layout, scored by NAB's rules. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Runs a streaming detector over labelled time series in the NAB layout (timestamp,value CSV "
        + "files plus a windows JSON) and prints the NAB v1.1 scores (standard, reward_low_FP_rate, "
        + "reward_low_FN_rate; one threshold per profile optimised over the whole corpus, normalised against the "
        + "null and perfect detectors) and precision / recall / F1 counted by window.",
        "DIR is a NAB checkout (DIR/data, DIR/labels/combined_windows.json, optional DIR/profiles.json), a "
            + "folder of CSV files with --labels, or a folder (or file) of CSVs with a label per point "
            + "(timestamp,value,label[,KPI ID]). Beside NAB's scores: the best F1 point-wise and point-adjusted "
            + "(--delay)."})
public final class EvalCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "NAB root or data folder.")
  Path dir;

  @Option(names = "--multivariate", paramLabel = "DIR",
      description = "Instead: evaluate the centre's multivariate model family on DIR/<entity>/train.csv, test.csv "
          + "and labels.csv (see docs/eval.md).")
  Path multivariate;

  @Option(names = "--labels", paramLabel = "FILE",
      description = "Windows JSON (default DIR/labels/combined_windows.json).")
  Path labels;

  @Option(names = "--profiles", paramLabel = "FILE",
      description = "NAB profiles.json (default DIR/profiles.json if present, else NAB v1.1's three profiles).")
  Path profiles;

  @Option(names = "--detector", defaultValue = "auto",
      description = "Detector: auto (seasonal beside novelty on a series with a daily or weekly cycle, novelty "
          + "otherwise, chosen per series from its warm-up), novelty (multi-scale novelty), seasonal (predicted level "
          + "and daily / weekly profile) or null (NAB's floor) (default ${DEFAULT-VALUE}).")
  String detector;

  @Option(names = "--delay", paramLabel = "K", defaultValue = "" + BestF1.DEFAULT_DELAY,
      description = "Point-adjusted F1: a labelled segment is found when any of its first K points is flagged "
          + "(default ${DEFAULT-VALUE}).")
  int delay;

  @Option(names = "--generate", paramLabel = "VARIANT:FROM-TO",
      description = "First write generated periodic business KPIs with per-point labels into DIR (variant business "
          + "or business-b, seeds FROM to TO; docs/eval.md), then evaluate them.")
  String generate;

  @Option(names = "--report", paramLabel = "FILE", description = "Also write the scores as JSON to FILE.")
  Path report;

  @Option(names = "--scores", paramLabel = "DIR",
      description = "Write timestamp,value,anomaly_score CSV per series, same relative path as its input.")
  Path scoresDir;

  @Option(names = "--plots", paramLabel = "DIR",
      description = "Write a self-contained HTML plot (inline SVG) per series: values, windows, detections.")
  Path plotsDir;

  @Option(names = {"-v", "--verbose"}, description = "Also print the standard profile's raw score per series.")
  boolean verbose;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  /** Label-CSV files that could not be read, with the reason. */
  private Map<String, String> skipped = Map.of();

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (multivariate != null) {
      return MultivariateEval.run(multivariate, report, out);
    }
    if (dir == null) {
      System.err.println("give DIR (a NAB layout) or --multivariate DIR");
      return 2;
    }
    NabEvaluation.Detector chosen;
    try {
      chosen = NabEvaluation.Detector.valueOf(detector.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      System.err.println("unknown detector '" + detector + "': use auto, novelty, seasonal or null");
      return 2;
    }
    if (delay < 1) {
      System.err.println("--delay: must be at least 1, was " + delay);
      return 2;
    }
    if (generate != null && !generate(out)) {
      return 2;
    }
    Path data = Files.isDirectory(dir.resolve("data")) ? dir.resolve("data") : dir;
    Path windows = labels != null ? labels : dir.resolve("labels").resolve("combined_windows.json");
    Path profilesFile = profiles != null ? profiles : dir.resolve("profiles.json");
    List<NabProfile> profileList = profiles != null || Files.isRegularFile(profilesFile)
        ? NabProfile.load(profilesFile) : NabProfile.defaults();

    List<LabeledSeries> corpus;
    ToIntFunction<LabeledSeries> warmup = NabEvaluation::warmup;
    if (Files.isRegularFile(windows)) {
      corpus = NabCorpus.load(data, windows);
    } else if (labelCsv(dir)) {
      corpus = loadLabelCsv(out);
      warmup = NabEvaluation::labelWarmup;
      if (corpus.isEmpty()) {
        System.err.println(dir + ": no series could be read");
        return 2;
      }
    } else {
      System.err.println("no windows JSON at " + windows + " and no CSV with a label column: give --labels FILE");
      return 2;
    }
    long points = corpus.stream().mapToLong(LabeledSeries::size).sum();
    long t0 = System.nanoTime();
    List<double[]> scores = NabEvaluation.run(corpus, chosen.factory(warmup));
    long elapsed = System.nanoTime() - t0;
    List<ProfileResult> results = new NabScorer(corpus).score(scores, profileList);

    out.printf(Locale.ROOT, "detector %s: %d series, %d points, %d windows; scoring %.2f us/point%n",
        chosen.id(), corpus.size(), points, corpus.stream().mapToInt(s -> s.windows().size()).sum(),
        elapsed / 1e3 / points);
    out.printf(Locale.ROOT, "%-20s %8s %10s %9s %9s %10s %9s %9s %6s%n", "profile", "NAB", "raw", "null", "perfect",
        "threshold", "precision", "recall", "F1");
    for (ProfileResult r : results) {
      out.printf(Locale.ROOT, "%-20s %8.2f %10.3f %9.3f %9.3f %10.6f %9.3f %9.3f %6.3f%n", r.profile().name(),
          r.normalizedScore(), r.rawScore(), r.nullScore(), r.perfectScore(), r.threshold(), r.windows().precision(),
          r.windows().recall(), r.windows().f1());
    }
    BestF1.Figures best = bestF1(corpus, scores, warmup, out);
    ProfileResult first = results.get(0);
    if (verbose) {
      for (FileScore f : first.files()) {
        out.printf(Locale.ROOT, "  %-60s %8.3f  windows %d/%d  false alarms %d%n", f.name(), f.rawScore(),
            f.windows().detectedWindows(), f.windows().windows(), f.windows().falsePositiveEvents());
      }
    }
    if (scoresDir != null) {
      for (int i = 0; i < corpus.size(); i++) {
        ScoreFiles.write(scoresDir, corpus.get(i), scores.get(i));
      }
      out.println("scores written under " + scoresDir);
    }
    if (plotsDir != null) {
      for (int i = 0; i < corpus.size(); i++) {
        LabeledSeries s = corpus.get(i);
        Path html = plotsDir.resolve(s.name().replaceAll("\\.csv$", "") + ".html").normalize();
        Files.createDirectories(html.getParent());
        Files.writeString(html, SeriesPlot.html(s, scores.get(i), first.threshold(), chosen.id()));
      }
      out.println("plots written under " + plotsDir + " (detections at the " + first.profile().name()
          + " threshold)");
    }
    if (report != null) {
      writeReport(chosen, corpus, points, elapsed, results, best);
      out.println("report written to " + report);
    }
    out.flush();
    return 0;
  }

  /** Writes {@code --generate}'s KPIs into DIR; false (with the reason on stderr) when the option is malformed. */
  private boolean generate(PrintWriter out) throws IOException {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("([a-z-]+):(\\d+)-(\\d+)").matcher(generate.strip());
    if (!m.matches() || Integer.parseInt(m.group(2)) > Integer.parseInt(m.group(3))) {
      System.err.println("--generate: expected VARIANT:FROM-TO (e.g. business:101-140), got '" + generate + "'");
      return false;
    }
    try {
      int n = KpiGenerator.write(dir, m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))).size();
      out.printf(Locale.ROOT, "generated %d %s series under %s%n", n, m.group(1), dir);
      return true;
    } catch (IllegalArgumentException e) {
      System.err.println("--generate: " + e.getMessage());
      return false;
    }
  }

  /** DIR (a folder or one file) holds CSVs with a label column: the per-point layout of the KPI sets. */
  private boolean labelCsv(Path root) throws IOException {
    if (Files.isRegularFile(root)) {
      return LabelCsvCorpus.isLabelCsv(root);
    }
    if (!Files.isDirectory(root)) {
      return false;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : walk.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(".csv")).toList()) {
        if (LabelCsvCorpus.isLabelCsv(p)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The per-point layout; files that cannot be read are named with their reason and counted, the rest scored. */
  private List<LabeledSeries> loadLabelCsv(PrintWriter out) throws IOException {
    LabelCsvCorpus.Loaded loaded = LabelCsvCorpus.load(dir);
    skipped = loaded.skipped();
    loaded.skipped().forEach((file, why) -> System.err.println("skipped " + file + ": " + why));
    out.printf(Locale.ROOT, "label CSVs: %d series, %d files skipped, %d duplicate timestamps and %d missing "
        + "values dropped%n", loaded.series().size(), loaded.skipped().size(), loaded.duplicateRows(),
        loaded.missingValues());
    return loaded.series();
  }

  /** The AIOps literature's figures over the corpus, printed; warm-up points are not scored. */
  private BestF1.Figures bestF1(List<LabeledSeries> corpus, List<double[]> scores, ToIntFunction<LabeledSeries> warmup,
      PrintWriter out) {
    BestF1.Figures f = BestF1.of(corpus.stream().map(BestF1::pointLabels).toList(), scores,
        corpus.stream().mapToInt(warmup).toArray(), delay);
    out.printf(Locale.ROOT, "best F1 (one threshold over the corpus; %d scored points, %d anomalous in %d "
        + "segments):%n", f.scoredPoints(), f.anomalousPoints(), f.segments());
    out.printf(Locale.ROOT, "%-20s %8s %10s %9s %9s%n", "", "F1", "threshold", "precision", "recall");
    for (var r : List.of(java.util.Map.entry("point-wise", f.pointWise()),
        java.util.Map.entry("point-adjusted k=" + delay, f.pointAdjusted()))) {
      out.printf(Locale.ROOT, "%-20s %8.3f %10.6f %9.3f %9.3f%n", r.getKey(), r.getValue().f1(),
          r.getValue().threshold(), r.getValue().precision(), r.getValue().recall());
    }
    return f;
  }

  private static Map<String, Object> figures(BestF1.Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("f1", r.f1());
    m.put("precision", r.precision());
    m.put("recall", r.recall());
    m.put("threshold", r.threshold());
    return m;
  }

  private void writeReport(NabEvaluation.Detector chosen, List<LabeledSeries> corpus, long points, long elapsed,
      List<ProfileResult> results, BestF1.Figures best) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("detector", chosen.id());
    root.put("series", corpus.size());
    root.put("points", points);
    root.put("windows", corpus.stream().mapToInt(s -> s.windows().size()).sum());
    root.put("microsPerPoint", elapsed / 1e3 / points);
    List<Object> profs = new ArrayList<>();
    for (ProfileResult r : results) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("profile", r.profile().name());
      p.put("weights", Map.of("tp", r.profile().tpWeight(), "fn", r.profile().fnWeight(), "fp", r.profile().fpWeight()));
      p.put("score", r.normalizedScore());
      p.put("raw", r.rawScore());
      p.put("null", r.nullScore());
      p.put("perfect", r.perfectScore());
      p.put("threshold", r.threshold());
      p.put("precision", r.windows().precision());
      p.put("recall", r.windows().recall());
      p.put("f1", r.windows().f1());
      p.put("detectedWindows", r.windows().detectedWindows());
      p.put("scoredWindows", r.windows().windows());
      p.put("falseAlarms", r.windows().falsePositiveEvents());
      List<Object> files = new ArrayList<>();
      for (FileScore f : r.files()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", f.name());
        m.put("raw", f.rawScore());
        m.put("tp", f.tp());
        m.put("fp", f.fp());
        m.put("fn", f.fn());
        m.put("tn", f.tn());
        m.put("detectedWindows", f.windows().detectedWindows());
        m.put("windows", f.windows().windows());
        m.put("falseAlarms", f.windows().falsePositiveEvents());
        files.add(m);
      }
      p.put("files", files);
      profs.add(p);
    }
    root.put("profiles", profs);
    Map<String, Object> literature = new LinkedHashMap<>();
    literature.put("delay", best.delay());
    literature.put("scoredPoints", best.scoredPoints());
    literature.put("anomalousPoints", best.anomalousPoints());
    literature.put("segments", best.segments());
    literature.put("pointWise", figures(best.pointWise()));
    literature.put("pointAdjusted", figures(best.pointAdjusted()));
    root.put("bestF1", literature);
    root.put("skipped", skipped);
    if (report.toAbsolutePath().getParent() != null) {
      Files.createDirectories(report.toAbsolutePath().getParent());
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), root);
  }
}
