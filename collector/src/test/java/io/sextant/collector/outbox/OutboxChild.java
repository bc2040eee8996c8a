package io.sextant.collector.outbox;

import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Run in a child JVM by {@link OutboxKillIT}: appends numbered sample batches (and a detection
 * every tenth) forever and prints "ACK n" after each append returned, until it is killed.
 */
public final class OutboxChild {
  private OutboxChild() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    Instant t0 = Instant.parse("2026-01-05T10:00:00Z");
    try (Outbox box = new Outbox(OutboxConfig.defaults(file), Clock.systemUTC())) {
      System.out.println("READY");
      System.out.flush();
      for (int i = 0; ; i++) {
        Instant t = t0.plusMillis(i);
        box.append(SampleBatch.of("edge-1", t, List.of(new Sample("edge-1", "seq", Labels.of(), t, i))));
        System.out.println("ACK " + i);
        System.out.flush();
      }
    }
  }
}
