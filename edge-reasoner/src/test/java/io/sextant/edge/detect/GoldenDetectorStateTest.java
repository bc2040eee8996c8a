package io.sextant.edge.detect;

import static io.sextant.edge.detect.Synthetic.SITE;
import static io.sextant.edge.detect.Synthetic.one;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The checkpoint record's storage format, pinned: a record of each kind written by version 1 is kept
 * in src/test/resources/golden/detector-state, and must still restore and re-encode to the same
 * bytes: an edge upgraded over a file of checkpoints then keeps them (or, after a format change,
 * this fails until {@link DetectorStates#VERSION} is raised and old records are dropped). Regenerate only on purpose
 * (a new {@link DetectorStates#VERSION}): -Dgolden.update=true.
 */
class GoldenDetectorStateTest {
  static final Path DIR = Path.of("src/test/resources/golden/detector-state");

  @ParameterizedTest
  @EnumSource(DetectorKind.class)
  void aVersionOneRecordStillRestoresAndReEncodesToTheSameBytes(DetectorKind kind) throws Exception {
    Path file = DIR.resolve("v1-" + kind.configName() + ".bin");
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(DIR);
      Files.write(file, trained(kind));
    }
    Assumptions.assumeTrue(Files.exists(file), "no golden file yet: run with -Dgolden.update=true");
    byte[] golden = Files.readAllBytes(file);
    // Only the format is pinned, not what the detectors learn: the record is not compared with a
    // freshly trained detector's, which a tuning of the detectors may change.
    SeriesDetectors restored = new SeriesDetectors(DetectorStatesTest.rules());
    assertThat(restored.restore(7L, golden)).isTrue();
    assertThat(restored.expected(7L)).as("past its warm-up").isPresent();
    assertThat(DetectorStatesTest.checkpoint(restored).get(7L)).isEqualTo(golden);
  }

  /** A detector of {@code kind} past its warm-up and a few points into a fault. */
  private static byte[] trained(DetectorKind kind) {
    SeriesDetectors detectors = new SeriesDetectors(DetectorStatesTest.rules());
    SplittableRandom random = new SplittableRandom(2026);
    for (int i = 0; i < DetectorStatesTest.WARM_UP * 4 + 5; i++) {
      detectors.observe(one(DetectorStatesTest.metric(kind), DetectorStatesTest.RESOURCE, i,
          DetectorStatesTest.value(random, i, DetectorStatesTest.WARM_UP * 4)), SITE);
    }
    return DetectorStatesTest.checkpoint(detectors).values().iterator().next();
  }
}
