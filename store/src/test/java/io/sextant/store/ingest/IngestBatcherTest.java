package io.sextant.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/** The batcher with an in-memory sink: back-pressure, retry, completion only on commit. */
class IngestBatcherTest {
  private static final IngestBatcher.Settings SMALL = new IngestBatcher.Settings(100, Duration.ofMillis(5), 200,
      Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(30));

  @Test
  void aFullBatcherBlocksTheProducerUntilTheSinkCatchesUp() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> batchSizes = new ArrayList<>();
    try (IngestBatcher b = new IngestBatcher(sink(batch -> {
      await(release);
      batchSizes.add(rows(batch));
      return rows(batch);
    }), SMALL, Clock.systemUTC())) {
      CompletableFuture<Void> first = b.submit(samples(0, 100));
      CompletableFuture<Void> second = b.submit(samples(100, 100)); // capacity 200 now taken
      CompletableFuture<CompletableFuture<Void>> third = CompletableFuture.supplyAsync(() -> {
        try {
          return b.submit(samples(200, 50));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });

      Thread.sleep(300);
      assertThat(third).as("the producer is blocked").isNotDone();
      assertThat(first).as("nothing committed yet").isNotDone();
      assertThat(b.pending()).isEqualTo(200);

      release.countDown();
      third.get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
      assertThat(first).isCompleted();
      assertThat(second).isCompleted();
      assertThat(b.inserted()).isEqualTo(250);
      assertThat(batchSizes).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(150));
    }
  }

  @Test
  void retryableFailuresAreRetriedWithTheSameBatchUntilItCommits() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (IngestBatcher b = new IngestBatcher(sink(batch -> {
      if (calls.incrementAndGet() <= 2) {
        throw new StoreException("connection refused", true, null);
      }
      return rows(batch);
    }), SMALL, Clock.systemUTC())) {
      b.submit(samples(0, 10)).get(5, TimeUnit.SECONDS);

      assertThat(b.retries()).isEqualTo(2);
      assertThat(b.inserted()).isEqualTo(10);
    }
  }

  @Test
  void aNonRetryableFailureFailsTheSubmissionAtOnceAndFreesItsRoom() throws Exception {
    try (IngestBatcher b = new IngestBatcher(sink(batch -> {
      throw new StoreException("value out of range", false, null);
    }), SMALL, Clock.systemUTC())) {
      CompletableFuture<Void> f = b.submit(samples(0, 10));

      assertThat(f).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(StoreException.class);
      assertThat(b.retries()).isZero();
      assertThat(b.pending()).isZero();
    }
  }

  @Test
  void afterGiveUpAfterTheRetryableErrorReachesTheCaller() throws Exception {
    IngestBatcher.Settings giveUpAtOnce = new IngestBatcher.Settings(100, Duration.ofMillis(5), 200,
        Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO);
    try (IngestBatcher b = new IngestBatcher(sink(batch -> {
      throw new StoreException("connection refused", true, null);
    }), giveUpAtOnce, Clock.systemUTC())) {
      CompletableFuture<Void> f = b.submit(samples(0, 10));

      assertThat(f).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
          .havingCause().isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.retryable()).isTrue());
    }
  }

  private static IngestSink sink(ToIntFunction<List<IngestMessage>> write) {
    return IngestSink.of(write, new AtomicLong());
  }

  private static int rows(List<IngestMessage> batch) {
    return batch.stream().mapToInt(IngestMessage::count).sum();
  }

  private static List<Sample> samples(int from, int n) {
    List<Sample> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add(new Sample("edge-1", "m", Labels.of("resource", "r"), Instant.ofEpochSecond(i), i));
    }
    return out;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
