package io.sextant.testkit.gen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Numbers in a range, each end of the range and the values just inside it among the edge cases. */
public final class Numbers {
  /** Doubles that break naive printing or parsing: non-finite, signed zero, subnormal, extreme, 2^53 + 2, 1e15. */
  private static final List<Double> SPECIAL_DOUBLES = List.of(Double.NaN, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, 0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
      Double.MAX_VALUE, -Double.MAX_VALUE, 1e15, -1e15, 999_999_999_999_999.0, 0x1p53 + 2, -1.5e300, 0.1, 1e-7);

  private Numbers() {}

  public static Gen<Integer> ints(int min, int max) {
    return longs(min, max).map(Long::intValue);
  }

  /**
   * Longs in {@code min..max}: uniform half of the time (which for a wide range means huge), else
   * near an end of the range or near zero (within 2^k of it for a random k), so small magnitudes
   * show up in any range.
   */
  public static Gen<Long> longs(long min, long max) {
    if (max < min) {
      throw new IllegalArgumentException("longs need min <= max, got " + min + ".." + max);
    }
    Gen<Long> gen = r -> {
      long offset = r.nextLong() >>> (1 + r.nextInt(63)); // below 2^k, k in 1..63
      return switch (r.nextInt(6)) {
        case 0 -> Long.compareUnsigned(offset, max - min) <= 0 ? min + offset : uniform(r.nextLong(), min, max);
        case 1 -> Long.compareUnsigned(offset, max - min) <= 0 ? max - offset : uniform(r.nextLong(), min, max);
        case 2 -> {
          long v = r.nextBoolean() ? offset : -offset;
          yield v >= min && v <= max ? v : uniform(r.nextLong(), min, max);
        }
        default -> uniform(r.nextLong(), min, max);
      };
    };
    List<Long> edges = new ArrayList<>(List.of(min, max));
    if (min < max) {
      edges.add(min + 1);
      edges.add(max - 1);
    }
    if (min < 0 && max > 0) {
      edges.addAll(List.of(0L, -1L, 1L));
    }
    return gen.withEdgeCases(edges);
  }

  /** Any long, {@link Long#MIN_VALUE}, {@link Long#MAX_VALUE}, 0 and ±1 among the edge cases. */
  public static Gen<Long> anyLong() {
    return longs(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /**
   * Finite doubles in {@code min..max}: uniform with full precision, rounded to two decimals, or
   * whole; the ends, 0.0, -0.0, ±1 and the smallest subnormal among the edge cases when in range.
   */
  public static Gen<Double> doubles(double min, double max) {
    if (!(min <= max) || Double.isInfinite(max - min)) {
      throw new IllegalArgumentException("doubles need a finite range min <= max, got " + min + ".." + max);
    }
    Gen<Double> uniform = r -> Math.min(max, min + r.nextDouble() * (max - min));
    // Rounding only where the range holds several rounded values; else it would pile onto an end.
    Gen<Double> cents = max - min >= 1 ? uniform.map(d -> clamp(Math.rint(d * 100) / 100, min, max)) : uniform;
    Gen<Double> whole = max - min >= 100 ? uniform.map(d -> clamp(Math.rint(d), min, max)) : uniform;
    Gen<Double> gen = Gen.mix(uniform, cents, whole);
    List<Double> edges = new ArrayList<>(List.of(min, max));
    for (double d : new double[] {0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, -Double.MIN_VALUE}) {
      if (d >= min && d <= max) {
        edges.add(d);
      }
    }
    return gen.withEdgeCases(edges);
  }

  /**
   * Any double: a random bit pattern (every exponent, subnormals, NaNs with payloads), a value of
   * everyday magnitude, or a whole number; NaN, the infinities, -0.0 and the extremes as edge cases.
   */
  public static Gen<Double> anyDouble() {
    Gen<Double> bits = r -> Double.longBitsToDouble(r.nextLong());
    Gen<Double> gen = Gen.mix(bits, doubles(-1e6, 1e6), anyLong().map(Long::doubleValue));
    return gen.withEdgeCases(SPECIAL_DOUBLES);
  }

  /** Byte arrays of {@code min..max} bytes; all-zero and all-0xff arrays among the edge cases. */
  public static Gen<byte[]> bytes(int min, int max) {
    Gen<Integer> sizes = Gen.sizes(min, max);
    return r -> {
      byte[] out = new byte[sizes.next(r)];
      switch (r.nextInt(8)) {
        case 0 -> { } // all zero
        case 1 -> Arrays.fill(out, (byte) 0xff);
        default -> r.nextBytes(out);
      }
      return out;
    };
  }

  private static long uniform(long random, long min, long max) {
    long span = max - min + 1;
    return span == 0 ? random : min + Long.remainderUnsigned(random, span); // span 0: the full range
  }

  private static double clamp(double d, double min, double max) {
    return Math.max(min, Math.min(max, d));
  }
}
