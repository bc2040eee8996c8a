package io.sextant.edge.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NAB v1.1 scoring of a detector's per-point anomaly scores over a whole corpus, for one profile.
 *
 * <ol>
 *   <li><b>Threshold</b> ({@code optimizer.optimizeThreshold}): all scored points of all series are
 *       swept from the highest anomaly score down; at each distinct score {@code T} the corpus raw
 *       score with detections {@code score >= T} is evaluated (starting at {@code T = 1.1}: nothing
 *       detected), and the best is kept; ties go to the higher threshold, as NAB's stable sort does.
 *   <li><b>Raw score</b> ({@code Sweeper.calcScoreByThreshold}): every window starts at
 *       {@code -fnWeight}; a detection in a window replaces that by the best (earliest) detection's
 *       weighted value; every detection outside windows adds its (negative) weighted value.
 *   <li><b>Normalised</b> ({@code runner.normalize}): {@code 100 (raw - null) / (perfect - null)}, with
 *       {@code null} the raw score of the detector that scores every point 0 (optimised the same
 *       way) and {@code perfect = tpWeight x number of labelled windows}.
 * </ol>
 * One threshold per profile for the whole corpus: there is no per-file tuning.
 */
public final class NabScorer {
  private final List<LabeledSeries> corpus;
  private final List<Sweep> sweeps;
  private final int windowCount;

  public NabScorer(List<LabeledSeries> corpus) {
    this.corpus = List.copyOf(corpus);
    this.sweeps = this.corpus.stream().map(Sweep::of).toList();
    this.windowCount = sweeps.stream().mapToInt(s -> s.windowCount).sum();
  }

  public List<LabeledSeries> corpus() {
    return corpus;
  }

  /** Scores {@code anomalyScores} (one array per series, in corpus order, values in [0, 1]) for every profile. */
  public List<ProfileResult> score(List<double[]> anomalyScores, List<NabProfile> profiles) {
    return profiles.stream().map(p -> score(anomalyScores, p)).toList();
  }

  public ProfileResult score(List<double[]> anomalyScores, NabProfile profile) {
    check(anomalyScores);
    double threshold = optimizeThreshold(anomalyScores, profile);
    List<FileScore> files = new ArrayList<>();
    double raw = 0;
    WindowMetrics windows = new WindowMetrics(0, 0, 0);
    for (int f = 0; f < corpus.size(); f++) {
      FileScore fs = scoreFile(f, anomalyScores.get(f), profile, threshold);
      files.add(fs);
      raw += fs.rawScore();
      windows = windows.plus(fs.windows());
    }
    List<double[]> zeros = corpus.stream().map(s -> new double[s.size()]).toList();
    double nullThreshold = optimizeThreshold(zeros, profile);
    double nullRaw = 0;
    for (int f = 0; f < corpus.size(); f++) {
      nullRaw += scoreFile(f, zeros.get(f), profile, nullThreshold).rawScore();
    }
    double perfect = windowCount * profile.tpWeight();
    double normalized = perfect == nullRaw ? 0 : 100 * (raw - nullRaw) / (perfect - nullRaw);
    return new ProfileResult(profile, threshold, raw, nullRaw, perfect, normalized, windows, files);
  }

  private void check(List<double[]> anomalyScores) {
    if (anomalyScores.size() != corpus.size()) {
      throw new IllegalArgumentException(anomalyScores.size() + " score series for " + corpus.size() + " labelled series");
    }
    for (int f = 0; f < corpus.size(); f++) {
      if (anomalyScores.get(f).length != corpus.get(f).size()) {
        throw new IllegalArgumentException(corpus.get(f).name() + ": " + anomalyScores.get(f).length
            + " anomaly scores for " + corpus.get(f).size() + " points");
      }
    }
  }

  static double weighted(Sweep sweep, int i, NabProfile profile) {
    return sweep.window[i] >= 0
        ? sweep.unweighted[i] * profile.tpWeight() / Sweep.scaledSigmoid(-1.0)
        : sweep.unweighted[i] * profile.fpWeight();
  }

  /** The threshold that maximises the corpus raw score (NAB's optimiser, as an exact sweep). */
  double optimizeThreshold(List<double[]> anomalyScores, NabProfile profile) {
    int total = 0;
    int scoredWindows = 0;
    int[] windowBase = new int[sweeps.size()];
    for (int f = 0; f < sweeps.size(); f++) {
      windowBase[f] = scoredWindows;
      scoredWindows += sweeps.get(f).windowCount;
      for (int w : sweeps.get(f).window) {
        total += w == Sweep.PROBATION ? 0 : 1;
      }
    }
    // One entry per scored point: anomaly score, global window (or -1), weighted value.
    double[] score = new double[total];
    int[] window = new int[total];
    double[] value = new double[total];
    boolean[] windowScored = new boolean[scoredWindows];
    int k = 0;
    for (int f = 0; f < sweeps.size(); f++) {
      Sweep s = sweeps.get(f);
      double[] a = anomalyScores.get(f);
      for (int i = 0; i < s.window.length; i++) {
        if (s.window[i] == Sweep.PROBATION) {
          continue;
        }
        score[k] = a[i];
        window[k] = s.window[i] >= 0 ? windowBase[f] + s.window[i] : -1;
        if (window[k] >= 0) {
          windowScored[window[k]] = true;
        }
        value[k] = weighted(s, i, profile);
        k++;
      }
    }
    Integer[] order = new Integer[total];
    for (int i = 0; i < total; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Double.compare(score[y], score[x]));
    double[] part = new double[scoredWindows];
    double sum = 0;
    for (int w = 0; w < scoredWindows; w++) {
      if (windowScored[w]) {
        part[w] = -profile.fnWeight();
        sum += part[w];
      }
    }
    double curThreshold = 1.1;
    double bestThreshold = curThreshold;
    double best = sum;
    for (int idx : order) {
      if (score[idx] != curThreshold) {
        if (sum > best) {
          best = sum;
          bestThreshold = curThreshold;
        }
        curThreshold = score[idx];
      }
      int w = window[idx];
      if (w < 0) {
        sum += value[idx];
      } else if (value[idx] > part[w]) {
        sum += value[idx] - part[w];
        part[w] = value[idx];
      }
    }
    if (sum > best) {
      bestThreshold = curThreshold;
    }
    return bestThreshold;
  }

  /** One series at a fixed threshold: detections are the scored points with {@code score >= threshold}. */
  FileScore scoreFile(int f, double[] anomaly, NabProfile profile, double threshold) {
    Sweep s = sweeps.get(f);
    double[] part = new double[s.windowCount];
    boolean[] scored = new boolean[s.windowCount];
    boolean[] detected = new boolean[s.windowCount];
    double fp = 0;
    int tp = 0;
    int fpCount = 0;
    int fn = 0;
    int tn = 0;
    int fpEvents = 0;
    boolean inFalseRun = false;
    for (int i = 0; i < anomaly.length; i++) {
      int w = s.window[i];
      if (w == Sweep.PROBATION) {
        continue;
      }
      boolean hit = anomaly[i] >= threshold;
      if (w >= 0) {
        if (!scored[w]) {
          scored[w] = true;
          part[w] = -profile.fnWeight();
        }
        if (hit) {
          tp++;
          detected[w] = true;
          part[w] = Math.max(part[w], weighted(s, i, profile));
        } else {
          fn++;
        }
        inFalseRun = false;
      } else if (hit) {
        fpCount++;
        fp += weighted(s, i, profile);
        if (!inFalseRun) {
          fpEvents++;
        }
        inFalseRun = true;
      } else {
        tn++;
        inFalseRun = false;
      }
    }
    double raw = fp;
    int windows = 0;
    int found = 0;
    for (int w = 0; w < s.windowCount; w++) {
      if (scored[w]) {
        raw += part[w];
        windows++;
        found += detected[w] ? 1 : 0;
      }
    }
    return new FileScore(corpus.get(f).name(), raw, tp, fpCount, fn, tn, new WindowMetrics(windows, found, fpEvents));
  }
}
