package io.sextant.deploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sextant.edge.eval.FileScore;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sextant eval}: a detector over labelled series in the NAB layout, scored by NAB's rules. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Runs a streaming detector over labelled time series in the NAB layout (timestamp,value CSV "
        + "files plus a windows JSON) and prints the NAB v1.1 scores (standard, reward_low_FP_rate, "
        + "reward_low_FN_rate; one threshold per profile optimised over the whole corpus, normalised against the "
        + "null and perfect detectors) and precision / recall / F1 counted by window.",
        "DIR is a NAB checkout (DIR/data, DIR/labels/combined_windows.json, optional DIR/profiles.json) or a "
            + "folder of CSV files with --labels."})
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

  @Option(names = "--detector", defaultValue = "novelty",
      description = "Detector: novelty (multi-scale novelty, Sextant's best on NAB), seasonal (predicted level and "
          + "daily / weekly profile) or null (NAB's floor) (default ${DEFAULT-VALUE}).")
  String detector;

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
      System.err.println("unknown detector '" + detector + "': use novelty, seasonal or null");
      return 2;
    }
    Path data = Files.isDirectory(dir.resolve("data")) ? dir.resolve("data") : dir;
    Path windows = labels != null ? labels : dir.resolve("labels").resolve("combined_windows.json");
    if (!Files.isRegularFile(windows)) {
      System.err.println("no windows JSON at " + windows + ": give --labels FILE");
      return 2;
    }
    Path profilesFile = profiles != null ? profiles : dir.resolve("profiles.json");
    List<NabProfile> profileList = profiles != null || Files.isRegularFile(profilesFile)
        ? NabProfile.load(profilesFile) : NabProfile.defaults();

    List<LabeledSeries> corpus = NabCorpus.load(data, windows);
    long points = corpus.stream().mapToLong(LabeledSeries::size).sum();
    long t0 = System.nanoTime();
    List<double[]> scores = NabEvaluation.run(corpus, chosen.factory());
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
      writeReport(chosen, corpus, points, elapsed, results);
      out.println("report written to " + report);
    }
    out.flush();
    return 0;
  }

  private void writeReport(NabEvaluation.Detector chosen, List<LabeledSeries> corpus, long points, long elapsed,
      List<ProfileResult> results) throws IOException {
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
    if (report.toAbsolutePath().getParent() != null) {
      Files.createDirectories(report.toAbsolutePath().getParent());
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), root);
  }
}
