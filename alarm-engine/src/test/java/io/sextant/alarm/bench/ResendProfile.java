package io.sextant.alarm.bench;

import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.ingest.AlertIntake;
import io.sextant.alarm.raise.AlarmCatalog;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The POST path for re-sent alerts alone, in process: every round posts the same alerts (same
 * labels, annotations and {@code startsAt}) with a new {@code endsAt}, as a Prometheus resends
 * its firing alerts, to an engine without persistence. Prints the median CPU time and the bytes
 * allocated per alert of this one thread (both insensitive to other load on the machine).
 *
 * <p>Args: {@code [rounds=300] [batches=10] [resent|new=resent] [same-start|own-starts=same-start]}:
 * {@code new} posts label sets never seen before every round (the first-seen path) instead;
 * {@code own-starts} gives each alert a {@code startsAt} of its own, as a real Prometheus's firing
 * alerts have (with one shared start, a cache of parsed times hides their parsing).
 */
public final class ResendProfile {
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int batches = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    boolean fresh = args.length > 2 && args[2].equals("new");
    boolean ownStarts = args.length > 3 && args[3].equals("own-starts");
    Instant startsAt = Instant.now().minusSeconds(3600);
    Instant endsAt = Instant.now().plus(Duration.ofHours(6));
    AlarmEngine engine = new AlarmEngine(Clock.systemUTC(), alarm -> {}, AlarmCatalog.defaults());
    AlertIntake intake = new AlertIntake(engine);
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    List<Double> cpu = new ArrayList<>();
    List<Double> alloc = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      List<byte[]> payloads = IntakeBench.payloads(batches, startsAt, endsAt.plusSeconds(r), ownStarts);
      if (fresh) {
        String round = "\"shard\":\"r" + r + "-";
        payloads.replaceAll(p -> new String(p, StandardCharsets.UTF_8).replace("\"shard\":\"", round)
            .getBytes(StandardCharsets.UTF_8));
      }
      long cpu0 = threads.getCurrentThreadCpuTime();
      long bytes0 = threads.getThreadAllocatedBytes(self);
      for (byte[] p : payloads) {
        if (!intake.post(p).ok()) {
          throw new IllegalStateException("rejected");
        }
      }
      double alerts = payloads.size() * (double) IntakeBench.BATCH;
      cpu.add((threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / alerts);
      alloc.add((threads.getThreadAllocatedBytes(self) - bytes0) / alerts);
    }
    int from = rounds / 2;
    System.out.printf((fresh ? "new" : "re-sent") + " alerts in process, median of the last %d rounds: %.2f µs CPU and %.0f bytes"
        + " allocated per alert%n", rounds - from, IntakeBench.median(cpu.subList(from, rounds)),
        IntakeBench.median(alloc.subList(from, rounds)));
  }
}
