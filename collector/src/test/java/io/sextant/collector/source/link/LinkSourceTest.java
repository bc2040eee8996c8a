package io.sextant.collector.source.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.link.LinkInterface;
import io.sextant.common.link.LinkStats;
import io.sextant.common.model.Sample;
import io.sextant.common.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Throughput and utilisation from byte counters read at known times; a failing link costs only itself. */
class LinkSourceTest {
  private static final LinkInterface A = new LinkInterface("ns1", "a");
  private static final LinkInterface B = new LinkInterface(null, "b");

  private final Map<LinkInterface, Long> bytes = new HashMap<>();
  private final Map<LinkInterface, Long> rate = new HashMap<>();
  private final LinkStats stats = new LinkStats() {
    @Override
    public OptionalLong rateBps(LinkInterface i) {
      Long r = rate.get(i);
      return r == null ? OptionalLong.empty() : OptionalLong.of(r);
    }

    @Override
    public long txBytes(LinkInterface i) {
      Long b = bytes.get(i);
      if (b == null) {
        throw new IllegalStateException("Cannot find device \"" + i.device() + "\"");
      }
      return b;
    }
  };

  @Test
  void measuresThroughputAgainstTheShapedRate() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-06T18:00:00Z"));
    LinkSource source = new LinkSource("edge-1", Map.of("edge-1~edge-2", A), stats, clock);
    bytes.put(A, 1_000_000L);
    rate.put(A, 20_000_000L);
    assertThat(source.collect(clock.instant())).extracting(Sample::metric).containsExactly(LinkSource.SHAPED_BPS);

    clock.advance(Duration.ofSeconds(2));
    bytes.put(A, 1_000_000L + 5_000_000L); // 40 Mbit in 2 s: 20 Mbit/s, the whole shaped rate
    List<Sample> s = source.collect(clock.instant());
    assertThat(value(s, LinkSource.TX_BPS)).isEqualTo(20_000_000.0);
    assertThat(value(s, LinkSource.UTILIZATION)).isEqualTo(1.0);
    assertThat(s).allSatisfy(x -> assertThat(x.resource()).isEqualTo("link:edge-1~edge-2"));

    rate.put(A, 40_000_000L);
    clock.advance(Duration.ofSeconds(1));
    bytes.put(A, 6_000_000L + 3_750_000L); // 30 Mbit/s of a 40 Mbit/s link
    s = source.collect(clock.instant());
    assertThat(value(s, LinkSource.TX_BPS)).isEqualTo(30_000_000.0);
    assertThat(value(s, LinkSource.UTILIZATION)).isEqualTo(0.75);
  }

  @Test
  void anUnreadableLinkIsCountedAndTheOthersStillReport() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-06T18:00:00Z"));
    LinkSource source = new LinkSource("edge-1", Map.of("gone", new LinkInterface(null, "gone0"), "b", B), stats,
        clock);
    bytes.put(B, 0L); // unshaped: throughput only
    source.collect(clock.instant());
    clock.advance(Duration.ofSeconds(1));
    bytes.put(B, 125_000L);
    List<Sample> s = source.collect(clock.instant());
    assertThat(s).extracting(Sample::metric).containsExactly(LinkSource.TX_BPS);
    assertThat(value(s, LinkSource.TX_BPS)).isEqualTo(1_000_000.0);
    assertThat(source.errors()).isEqualTo(2);
  }

  private static double value(List<Sample> samples, String metric) {
    return samples.stream().filter(x -> x.metric().equals(metric)).findFirst().orElseThrow().value();
  }
}
