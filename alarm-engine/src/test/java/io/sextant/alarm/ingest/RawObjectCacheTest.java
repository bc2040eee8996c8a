package io.sextant.alarm.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RawObjectCacheTest {
  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void keepsAValueForTheExactBytesWhereverTheyAre() {
    RawObjectCache<String> cache = new RawObjectCache<>(16, 1024, 1 << 20);
    byte[] first = bytes("[{\"a\":\"1\"}]");
    byte[] second = bytes("[ {\"x\":2},{\"a\":\"1\"}]");
    assertThat(cache.get(first, 1, 10, RawObjectCache.hash(first, 1, 10))).isNull();
    cache.put(first, 1, 10, RawObjectCache.hash(first, 1, 10), "a1");

    assertThat(cache.get(second, 10, 19, RawObjectCache.hash(second, 10, 19))).isEqualTo("a1");
    assertThat(cache.stats()).satisfies(s -> {
      assertThat(s.hits()).isEqualTo(1);
      assertThat(s.misses()).isEqualTo(1);
      assertThat(s.entries()).isEqualTo(1);
      assertThat(s.bytes()).isEqualTo(9);
    });
  }

  @Test
  void anEqualHashIsNotAHitUnlessTheBytesAreEqual() {
    RawObjectCache<String> cache = new RawObjectCache<>(16, 1024, 1 << 20);
    byte[] a = bytes("{\"a\":\"1\"}");
    byte[] b = bytes("{\"a\":\"2\"}");
    cache.put(a, 0, a.length, 42, "a1");

    // The same (forced) hash, other bytes of the same length: a miss.
    assertThat(cache.get(b, 0, b.length, 42)).isNull();
    // A prefix of the kept bytes: a miss.
    assertThat(cache.get(a, 0, a.length - 1, 42)).isNull();
    assertThat(cache.get(a, 0, a.length, 42)).isEqualTo("a1");
  }

  @Test
  void aFullSetEvictsAndTheBudgetsBound() {
    RawObjectCache<Integer> cache = new RawObjectCache<>(4, 1024, 1 << 20);
    for (int i = 0; i < 7; i++) {
      byte[] k = bytes("{\"n\":\"" + i + "\"}");
      cache.put(k, 0, k.length, 7, i); // one set of four ways
    }
    assertThat(cache.stats().entries()).isEqualTo(4);
    assertThat(cache.stats().evictions()).isEqualTo(3);
    assertThat(cache.stats().bytes()).isEqualTo(4L * bytes("{\"n\":\"0\"}").length);

    RawObjectCache<Integer> small = new RawObjectCache<>(1024, 16, 40);
    byte[] large = bytes("{\"too\":\"large for one\"}");
    small.put(large, 0, large.length, RawObjectCache.hash(large, 0, large.length), 1);
    int kept = 0;
    for (int i = 0; i < 10; i++) {
      byte[] k = bytes("{\"n\":\"" + i + "\"}"); // 9 bytes each: 4 fit in 40
      small.put(k, 0, k.length, RawObjectCache.hash(k, 0, k.length), i);
      kept += small.get(k, 0, k.length, RawObjectCache.hash(k, 0, k.length)) == null ? 0 : 1;
    }
    assertThat(kept).isEqualTo(4);
    assertThat(small.stats().bytes()).isLessThanOrEqualTo(40);
    assertThat(small.stats().refused()).isEqualTo(1 + 6);
  }

  @Test
  void findsTheEndOfAnObjectPastBracesAndQuotesInStrings() {
    byte[] b = bytes("x{\"a\":\"}\\\"{\",\"b\":{\"c\":[1,{}]}},1]");
    assertThat(RawObjectCache.end(b, 1)).isEqualTo(b.length - 3);
    assertThat(RawObjectCache.end(bytes("{\"a\":\"1\""), 0)).isEqualTo(-1);
  }

  @Test
  void concurrentPutsAndGetsNeverAnswerForOtherBytes() throws Exception {
    RawObjectCache<String> cache = new RawObjectCache<>(64, 1024, 4096);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        wrong.add(pool.submit(() -> {
          int bad = 0;
          for (int i = 0; i < 20_000; i++) {
            String v = Integer.toString((i * 31 + seed) % 500);
            byte[] k = bytes("{\"n\":\"" + v + "\"}");
            long h = RawObjectCache.hash(k, 0, k.length);
            String got = cache.get(k, 0, k.length, h);
            if (got == null) {
              cache.put(k, 0, k.length, h, v);
            } else if (!got.equals(v)) {
              bad++;
            }
          }
          return bad;
        }));
      }
      for (Future<Integer> f : wrong) {
        assertThat(f.get()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(cache.stats().bytes()).isLessThanOrEqualTo(4096 + 4 * 16);
    assertThat(cache.stats().hits()).isPositive();
  }
}
