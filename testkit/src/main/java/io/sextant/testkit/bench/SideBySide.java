package io.sextant.testkit.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rounds that alternate Sextant and a reference on the same payloads, so both see the machine's
 * momentary load; warm-up rounds are printed and left out of the medians. On a shared machine the
 * median of per-round ratios is the steadier comparison, so both it and the ratio of medians are
 * given.
 */
public final class SideBySide {
  /** One round's rates, items a second, and what the round was. */
  public record Rates(double sextant, double reference, String what) {}

  /** Runs one round: both sides given the same payloads. */
  @FunctionalInterface
  public interface Round {
    Rates run(int round) throws Exception;
  }

  /** The measured rounds' rates. */
  public record Result(List<Double> sextant, List<Double> reference) {
    public double sextantMedian() {
      return median(sextant);
    }

    public double referenceMedian() {
      return median(reference);
    }

    public double ratioOfMedians() {
      return sextantMedian() / referenceMedian();
    }

    public double medianOfRatios() {
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < sextant.size(); i++) {
        ratios.add(sextant.get(i) / reference.get(i));
      }
      return median(ratios);
    }
  }

  private SideBySide() {}

  /** Runs {@code warmup + rounds} rounds, printing a line each ({@code reference} names the other side). */
  public static Result run(int warmup, int rounds, String reference, Round round, PrintStream out) throws Exception {
    List<Double> s = new ArrayList<>();
    List<Double> a = new ArrayList<>();
    for (int r = 0; r < warmup + rounds; r++) {
      Rates rates = round.run(r);
      out.printf("round %2d%s: %ssextant %,10.0f/s   %s %,10.0f/s   %.2fx%n", r + 1, r < warmup ? " (warm-up)" : "",
          rates.what().isEmpty() ? "" : rates.what() + ": ", rates.sextant(), reference, rates.reference(),
          rates.sextant() / rates.reference());
      if (r >= warmup) {
        s.add(rates.sextant());
        a.add(rates.reference());
      }
    }
    return new Result(s, a);
  }

  /**
   * Posts every payload once from {@code senders} clients (on {@code pool}) taking the next from a
   * shared index; returns the seconds it took. Any answer but 2xx aborts the bench.
   */
  public static double postAll(HttpClient http, ExecutorService pool, int senders, URI uri, List<byte[]> payloads)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < senders; t++) {
      running.add(pool.submit(() -> {
        for (int i = next.getAndIncrement(); i < payloads.size(); i = next.getAndIncrement()) {
          HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(payloads.get(i))).build(), HttpResponse.BodyHandlers.ofString());
          if (res.statusCode() / 100 != 2) {
            throw new IllegalStateException(uri + " answered " + res.statusCode() + ": " + res.body());
          }
        }
        return null;
      }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  public static double median(List<Double> xs) {
    List<Double> sorted = new ArrayList<>(xs);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
