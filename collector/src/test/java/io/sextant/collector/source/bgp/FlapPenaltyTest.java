package io.sextant.collector.source.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FlapPenaltyTest {
  private static final long MIN = 60_000;

  @Test
  void halvesEveryHalfLife() {
    FlapPenalty p = new FlapPenalty(Dampening.DEFAULT, 0);
    p.flap(1, 0);
    assertThat(p.value(15 * MIN)).isCloseTo(500, within(1e-9));
    assertThat(p.value(30 * MIN)).isCloseTo(250, within(1e-9));
  }

  @Test
  void suppressedAtTheSuppressThresholdUntilDecayedBelowReuse() {
    FlapPenalty p = new FlapPenalty(Dampening.DEFAULT, 0);
    p.flap(1, 0);
    assertThat(p.suppressed(0)).isFalse(); // 1000 < 2000
    p.flap(1, MIN);                       // 1000·2^(-1/15) + 1000 = 1955: still below
    assertThat(p.suppressed(MIN)).isFalse();
    p.flap(1, 2 * MIN);                   // ≈ 2867
    assertThat(p.value(2 * MIN)).isGreaterThan(2000);
    assertThat(p.suppressed(2 * MIN)).isTrue();
    // below suppress but above reuse: still suppressed (hysteresis); 2867 → 1433 after 15 min
    assertThat(p.value(17 * MIN)).isBetween(750.0, 2000.0);
    assertThat(p.suppressed(17 * MIN)).isTrue();
    // log2(2867/750) = 1.93 half-lives ≈ 29 min after the last flap: reusable
    assertThat(p.suppressed(30 * MIN)).isTrue();
    assertThat(p.suppressed(32 * MIN)).isFalse();
    assertThat(p.flaps()).isEqualTo(3);
  }

  @Test
  void penaltyStopsAtTheCeilingSoReuseComesWithinMaxSuppress() {
    Dampening d = Dampening.DEFAULT;
    assertThat(d.ceiling()).isCloseTo(12_000, within(1e-6)); // 750 · 2^(60/15)
    FlapPenalty p = new FlapPenalty(d, 0);
    p.flap(100, 0);
    assertThat(p.value(0)).isEqualTo(12_000);
    assertThat(p.suppressed(60 * MIN - 1)).isTrue();
    assertThat(p.suppressed(60 * MIN + 1)).isFalse();
  }

  @Test
  void aWindowSeesThePeakReachedWithinIt() {
    Dampening seconds = new Dampening(1000, Duration.ofSeconds(3), 2000, 750, Duration.ofSeconds(12));
    FlapPenalty p = new FlapPenalty(seconds, 0);
    p.flap(1, 0);
    p.flap(1, 2000);
    p.flap(1, 4000);                                          // 2027 right after the third flap
    assertThat(p.value(5000)).isLessThan(2000);               // decayed by the window's end
    assertThat(p.peak(5000)).isCloseTo(2027, within(1.0));    // what the window reports
    // the next window, without a flap: its highest is where it began
    assertThat(p.peak(6000)).isCloseTo(2027 * Math.pow(2, -1 / 3.0), within(1.0)).isGreaterThan(p.value(6000));
    assertThat(p.suppressed(6000)).isTrue();
  }

  @Test
  void timeGoingBackIsNoTime() {
    FlapPenalty p = new FlapPenalty(Dampening.DEFAULT, 10 * MIN);
    p.flap(1, 10 * MIN);
    assertThat(p.value(5 * MIN)).isEqualTo(1000);
  }

  @Test
  void refusesFiguresThatCannotWork() {
    assertThatThrownBy(() -> new Dampening(1000, Duration.ofMinutes(15), 2000, 2500, Duration.ofMinutes(60)))
        .hasMessageContaining("reuse: must be above 0 and below suppress");
    assertThatThrownBy(() -> new Dampening(1000, Duration.ZERO, 2000, 750, Duration.ofMinutes(60)))
        .hasMessageContaining("half-life");
    assertThatThrownBy(() -> new Dampening(1000, Duration.ofMinutes(15), 2000, 750, Duration.ofMinutes(5)))
        .hasMessageContaining("max-suppress");
  }
}
