package io.sextant.collector.outbox;

import io.sextant.collector.outbox.Outbox.Row;
import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One round of {@link Outbox#drain(int, AsyncSender, Duration)}: pages in send order, each page
 * sent in waves. A wave starts one send per key not yet in the wave (the others wait for the next
 * wave, in their order), then waits for all of them; so a key never has two sends in flight and
 * a failed send can never be overtaken by a later entry of its key. Runs under the outbox's drain
 * lock; the outbox's store lock is taken only to read a page and to remove what was sent.
 */
final class PipelinedDrain {
  private final Outbox outbox;
  private final JsonCodec codec;
  private final AsyncSender sender;
  private final RawSender raw;
  private final long timeoutNanos;
  private final Set<String> blocked = new HashSet<>();
  private int sent;
  private int failed;
  private int heldBack;
  private int undecodable;
  private boolean unavailable;

  private record InFlight(Row row, CompletableFuture<Void> ack) {}

  PipelinedDrain(Outbox outbox, JsonCodec codec, AsyncSender sender, Duration ackTimeout) {
    this.outbox = outbox;
    this.codec = codec;
    this.sender = sender;
    this.raw = sender instanceof RawSender r ? r : null;
    this.timeoutNanos = ackTimeout.toNanos();
  }

  DrainResult run(int max) {
    int lastPriority = -1;
    long lastSeq = -1;
    while (sent < max && !unavailable) {
      List<Row> page = outbox.readPage(lastPriority, lastSeq);
      if (page.isEmpty()) {
        break;
      }
      Row last = page.get(page.size() - 1);
      lastPriority = last.priority();
      lastSeq = last.seq();
      List<Row> done = new ArrayList<>();
      List<Row> waiting = page;
      while (!waiting.isEmpty() && sent < max && !unavailable) {
        waiting = wave(waiting, max, done);
      }
      outbox.remove(done);
      if (!waiting.isEmpty()) {
        // Stopped inside the page (max reached or bus down): re-read from the first unsent row next time.
        break;
      }
    }
    return new DrainResult(sent, failed, heldBack, undecodable);
  }

  /** Sends the first entry of each key among {@code rows}; returns the rows left for the next wave. */
  private List<Row> wave(List<Row> rows, int max, List<Row> done) {
    Set<String> inWave = new HashSet<>();
    List<InFlight> flying = new ArrayList<>();
    List<Row> later = new ArrayList<>();
    for (Row row : rows) {
      if (blocked.contains(row.key())) {
        heldBack++;
        continue;
      }
      if (inWave.contains(row.key()) || sent + flying.size() >= max) {
        later.add(row);
        continue;
      }
      CompletableFuture<Void> ack;
      try {
        ack = raw == null ? null : raw.sendRaw(row.type(), row.key(), row.payload()).orElse(null);
      } catch (RuntimeException e) {
        fail(row);
        continue;
      }
      if (ack == null) {
        Message m;
        try {
          m = codec.decode(row.payload(), MessageTypes.byName(row.type()));
        } catch (RuntimeException e) {
          outbox.countUndecodable(row);
          done.add(row);
          undecodable++;
          continue;
        }
        try {
          ack = sender.sendAsync(m);
        } catch (RuntimeException e) {
          fail(row);
          continue;
        }
      }
      inWave.add(row.key());
      flying.add(new InFlight(row, ack));
    }
    long deadline = System.nanoTime() + timeoutNanos;
    for (InFlight f : flying) {
      try {
        f.ack().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        done.add(f.row());
        sent++;
      } catch (ExecutionException | TimeoutException e) {
        fail(f.row());
        unavailable = true; // the bus refused or did not answer: no new wave this round
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail(f.row());
        unavailable = true;
      }
    }
    if (unavailable || flying.isEmpty() && later.size() == rows.size()) {
      return List.of(); // nothing more can go this round (or no progress is possible)
    }
    return later;
  }

  private void fail(Row row) {
    outbox.countSendFailure();
    blocked.add(row.key());
    failed++;
  }
}
