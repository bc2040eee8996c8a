package io.sextant.common.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The samples one site collected in one scrape round. Batches are keyed by site on the bus, so
 * the samples of each series keep their order.
 */
public record SampleBatch(String id, String site, Instant time, List<Sample> samples) implements Message {
  public SampleBatch {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(time, "time");
    samples = List.copyOf(samples);
  }

  public static SampleBatch of(String site, Instant time, List<Sample> samples) {
    return new SampleBatch(Ids.of("smp", site, Long.toString(time.toEpochMilli())), site, time, samples);
  }
}
