package io.sextant.collector.uplink;

import io.sextant.collector.outbox.Outbox;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Message;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.common.model.UploadPolicy;
import io.sextant.common.model.UploadPolicy.Mode;
import io.sextant.common.model.UploadPolicy.Rule;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM by {@link UplinkKillIT} (and in-process for its reference run): an edge
 * uplink fed one window a second of simulated time, with three series aggregated in 10 s windows
 * and one raw. A (re)started child resumes at the window after the last one the outbox committed
 * (what the restored aggregate state says), prints "START from", then "ACK i" after each window
 * returned, and, when given an end, "END e" before it exits: {@code UplinkChild FILE [WINDOWS_AFTER_START]}.
 */
public final class UplinkChild {
  static final String SITE = "edge-1";
  static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  static final UploadPolicy POLICY = new UploadPolicy(null, SITE, T0, 1, Mode.RAW,
      List.of(new Rule("temp_*", Map.of(), Mode.AGGREGATE)), List.of(), Duration.ofSeconds(10));

  private UplinkChild() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    long more = args.length > 1 ? Long.parseLong(args[1]) : Long.MAX_VALUE;
    try (MessageBus bus = new MessageBus(new InProcessBus());
        EdgeUplink up = open(bus, file)) {
      long from = resumeAt(up);
      System.out.println("START " + from);
      System.out.flush();
      long end = more == Long.MAX_VALUE ? Long.MAX_VALUE : from + more;
      for (long i = from + 1; i <= end; i++) {
        up.window(T0.plusSeconds(i), samples(i), List.of());
        System.out.println("ACK " + i);
        System.out.flush();
      }
      System.out.println("END " + end);
      System.out.flush();
    }
  }

  static EdgeUplink open(MessageBus bus, Path file) {
    EdgeUplink up = EdgeUplink.builder(SITE, bus, file).clock(Clock.systemUTC()).subscribePolicies(false).build();
    if (up.policy().current().isEmpty()) {
      up.policy().accept(POLICY); // saved: a restarted child applies it from its file
    }
    return up;
  }

  /** The last window committed with the aggregate state (0: none yet). */
  static long resumeAt(EdgeUplink up) {
    return up.policy().aggregatedUpTo().map(t -> Duration.between(T0, t).toSeconds()).orElse(0L);
  }

  /** Window i's samples: a pure function of i, so every run sees the same data. */
  static List<Sample> samples(long i) {
    Instant t = T0.plusSeconds(i);
    List<Sample> out = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      out.add(new Sample(SITE, "temp_celsius", Labels.of("sensor", "s" + k), t, (i * 7 + k * 3) % 13 + 0.25 * k));
    }
    out.add(new Sample(SITE, "cpu", Labels.of("resource", "node:edge-1/n1"), t, i % 5));
    return out;
  }

  /** Every sample batch left in the outbox, in order. */
  static List<SampleBatch> drainAll(Outbox box) {
    List<SampleBatch> out = new ArrayList<>();
    while (box.drain(10_000, (Message m) -> out.add((SampleBatch) m)).sent() > 0) {
      // until empty
    }
    return out;
  }
}
