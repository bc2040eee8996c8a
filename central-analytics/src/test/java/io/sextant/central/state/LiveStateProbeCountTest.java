package io.sextant.central.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each probe-loss window carries the count its edge sent ({@code probe_sent}); the evidence pools
 * the windows by it. A window without a count (an older edge) and one with a refused count are
 * counted and weighed with the count the caller assumes; their loss is kept.
 */
class LiveStateProbeCountTest {
  static final String PATH = "path:edge-1>edge-2";
  static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

  final LiveState state = new LiveState();

  @Test
  void windowsArePooledByTheirOwnCounts() {
    window(0, 0.10, 20.0);
    window(5, 0.0, 200.0);
    window(10, 0.05, 20.0);

    LiveState.PathLoss loss = state.pathLoss().get(PATH);
    assertThat(loss.recentProbes(999)).isEqualTo(240);
    assertThat(loss.recentLoss(999)).isCloseTo((2 + 0 + 1) / 240.0, within(1e-12));
    assertThat(loss.windowsWithoutCount()).isZero();
    assertThat(state.windowsWithoutCount()).isZero();
  }

  @Test
  void aWindowWithoutACountTakesTheAssumedOneAndIsCounted() {
    window(0, 0.10, 20.0);
    window(5, 0.5, null);

    LiveState.PathLoss loss = state.pathLoss().get(PATH);
    assertThat(loss.recentProbes(20)).isEqualTo(40);
    assertThat(loss.recentLoss(20)).isCloseTo(0.3, within(1e-12));
    assertThat(loss.windowsWithoutCount()).isEqualTo(1);
    assertThat(state.windowsWithoutCount()).isEqualTo(1);
  }

  @Test
  void aCountThatIsNotACountIsRefusedAndTheLossKept() {
    window(0, 0.25, 2.5);
    window(5, 0.25, -20.0);
    window(10, 0.25, Double.NaN);

    LiveState.PathLoss loss = state.pathLoss().get(PATH);
    assertThat(loss.recent()).containsExactly(0.25, 0.25, 0.25);
    assertThat(loss.windowsWithoutCount()).isEqualTo(3);
    assertThat(state.probeCountsRefused()).isEqualTo(3);
  }

  /** Only the newest windows count: an older window's count leaves with its loss. */
  @Test
  void countsSlideWithTheirWindows() {
    window(0, 0.0, 500.0);
    for (int w = 1; w <= LiveState.RECENT_WINDOWS; w++) {
      window(5 * w, 0.05, 20.0);
    }
    assertThat(state.pathLoss().get(PATH).recentProbes(1)).isEqualTo(20 * LiveState.RECENT_WINDOWS);
  }

  private void window(int seconds, double loss, Double sent) {
    var labels = Labels.of(Sample.RESOURCE, PATH, "src", "edge-1", "dst", "edge-2");
    Instant t = T0.plusSeconds(seconds);
    List<Sample> batch = new ArrayList<>();
    // The count may come before or after the ratio in a batch.
    if (sent != null) {
      batch.add(new Sample("edge-1", LiveState.PROBE_SENT, labels, t, sent));
    }
    batch.add(new Sample("edge-1", LiveState.PROBE_LOSS, labels, t, loss));
    state.onSamples(batch);
  }
}
