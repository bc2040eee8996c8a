package io.sextant.testkit.gen;

import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import java.time.Instant;
import java.util.Map;

/** Samples and sample batches as any source could hand them over, odd text and all. */
public final class Samples {
  /** Latest sample time drawn: 2096, far beyond any clock we run on. */
  public static final long MAX_EPOCH_MILLI = 4_000_000_000_000L;
  /** Magnitude bound of values: JSON has no NaN or infinities, and the wire only carries finite KPIs. */
  public static final double MAX_VALUE = 1e12;

  private Samples() {}

  /**
   * Label maps of up to {@code maxSize} entries. Names are well-formed Unicode: Jackson writes a
   * lone surrogate in a JSON field name but rejects it on reading, so a sample with one would not
   * survive the JSON codec. Values may hold anything, lone surrogates included.
   */
  public static Gen<Map<String, String>> labels(int maxSize) {
    return Maps.of(Strings.wellFormed(1, 10), Strings.any(0, 40), 0, maxSize);
  }

  public static Gen<Instant> times() {
    return Numbers.longs(0, MAX_EPOCH_MILLI).map(Instant::ofEpochMilli);
  }

  /** One sample of the given site. */
  public static Gen<Sample> of(String site) {
    Gen<String> metrics = Strings.any(1, 30);
    Gen<Map<String, String>> labels = labels(5);
    Gen<Instant> times = times();
    Gen<Double> values = Numbers.doubles(-MAX_VALUE, MAX_VALUE);
    return r -> new Sample(site, metrics.next(r), labels.next(r), times.next(r), values.next(r));
  }

  /** Batches of {@code 0..maxSamples} samples of one site, the empty batch among them. */
  public static Gen<SampleBatch> batches(int maxSamples) {
    Gen<String> sites = Strings.any(1, 20);
    Gen<Instant> times = times();
    return r -> {
      String site = sites.next(r);
      return SampleBatch.of(site, times.next(r), of(site).list(0, maxSamples).next(r));
    };
  }
}
