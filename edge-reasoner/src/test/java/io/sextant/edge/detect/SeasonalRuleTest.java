package io.sextant.edge.detect;

import static io.sextant.edge.detect.Synthetic.SITE;
import static io.sextant.edge.detect.Synthetic.noisy;
import static io.sextant.edge.detect.Synthetic.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sextant.common.model.Detection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A rule selecting the seasonal detector, read as an operator would write it. */
class SeasonalRuleTest {

  @Test
  void aLevelShiftFiresAgainstThePredictedLevelAndResolvesOnceLearned() {
    SeriesDetectors detectors = new SeriesDetectors(DetectorRulesReader.read(List.of(
        Map.of("metric", "service_latency_ms", "detector", "seasonal", "minRelativeEffect", 0.2))));
    SplittableRandom random = new SplittableRandom(5);
    List<Integer> points = new ArrayList<>();
    List<Detection> seen = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      double level = i >= 2_000 && i < 2_400 ? 120 : 80;
      for (Detection d : detectors.observe(one("service_latency_ms", "service:edge-1/web", i, noisy(random, level, 2)),
          SITE)) {
        points.add(i);
        seen.add(d);
      }
    }

    assertThat(seen).extracting(Detection::state).startsWith(Detection.State.FIRING, Detection.State.RESOLVED);
    assertThat(points.get(0)).isBetween(2_000, 2_003);
    assertThat(seen.get(0).detector()).isEqualTo("seasonal");
    assertThat(seen.get(0).expected()).isCloseTo(80, within(3.0));
    assertThat(points.get(1)).isBetween(2_000 + DetectorRule.NOVELTY_POINTS_TO_CLEAR, 2_400);
  }
}
