package io.sextant.edge.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real NAB v1.1 corpus, read from {@code ../shared/datasets/nab} relative to the repository (or
 * {@code -Dsextant.nab.dir=...}); skipped when it is absent. Never copied into the project.
 */
class NabCorpusTest {
  private static Path root;
  private static List<LabeledSeries> corpus;
  private static NabScorer scorer;

  @BeforeAll
  static void load() throws Exception {
    String configured = System.getProperty("sextant.nab.dir");
    // Surefire runs in the module folder: the repository is its parent.
    Path candidate = configured != null ? Path.of(configured) : Path.of("..", "..", "shared", "datasets", "nab");
    assumeTrue(Files.isDirectory(candidate.resolve("data")), "NAB corpus not found at " + candidate.toAbsolutePath());
    root = candidate;
    corpus = NabCorpus.load(root.resolve("data"), root.resolve("labels/combined_windows.json"));
    scorer = new NabScorer(corpus);
  }

  @Test
  void corpusIsNabV11() throws Exception {
    assertThat(corpus).hasSize(58);
    assertThat(corpus.stream().mapToInt(s -> s.windows().size()).sum()).isEqualTo(116);
    assertThat(NabProfile.load(root.resolve("profiles.json"))).containsExactlyInAnyOrderElementsOf(NabProfile.defaults());
  }

  @Test
  void nullDetectorScoresAsNabPublishes() {
    // NAB's results/null: raw -116 (standard, low FP) and -232 (low FN): every window missed, none probationary.
    List<double[]> zeros = corpus.stream().map(s -> new double[s.size()]).toList();
    List<ProfileResult> r = scorer.score(zeros, NabProfile.defaults());
    assertThat(r).extracting(ProfileResult::rawScore).containsExactly(-116.0, -116.0, -232.0);
    assertThat(r).extracting(ProfileResult::normalizedScore).containsOnly(0.0);
  }

  @Test
  void seasonalDetectorKeepsItsPublishedScore() {
    List<double[]> scores = NabEvaluation.run(corpus, NabEvaluation.Detector.SEASONAL.factory());
    List<ProfileResult> r = scorer.score(scores, NabProfile.defaults());
    // docs/benchmarks-nab.md publishes these figures; the detector is deterministic.
    assertThat(r.get(0).normalizedScore()).isCloseTo(EXPECTED_STANDARD, within(0.01));
  }

  @Test
  void noveltyDetectorKeepsItsPublishedScores() {
    List<double[]> scores = NabEvaluation.run(corpus, NabEvaluation.Detector.NOVELTY.factory());
    List<ProfileResult> r = scorer.score(scores, NabProfile.defaults());
    // docs/benchmarks-nab.md publishes these figures; the detector is deterministic.
    assertThat(r).extracting(ProfileResult::normalizedScore).satisfiesExactly(
        s -> assertThat(s).isCloseTo(75.98, within(0.01)),
        s -> assertThat(s).isCloseTo(62.47, within(0.01)),
        s -> assertThat(s).isCloseTo(82.55, within(0.01)));
  }

  /** Standard-profile score of the seasonal detector in docs/benchmarks-nab.md. */
  static final double EXPECTED_STANDARD = 53.350;
}
