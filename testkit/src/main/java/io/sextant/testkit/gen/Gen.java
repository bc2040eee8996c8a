package io.sextant.testkit.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Draws one value from a {@link Random}. Generators hold no state of their own: the same random
 * state gives the same value, which is what lets a seed replay a case.
 */
@FunctionalInterface
public interface Gen<T> {
  /** Share of draws that come from the edge-case list in {@link #withEdgeCases}. */
  double EDGE_CASE_RATE = 1.0 / 6;
  /** Draws a filter may reject before it gives up: a filter that rejects most values is a bug. */
  int MAX_REJECTS = 1000;

  T next(Random random);

  default <R> Gen<R> map(Function<? super T, ? extends R> f) {
    return r -> f.apply(next(r));
  }

  /** Redraws until {@code keep} holds; fails loudly rather than loop when it almost never does. */
  default Gen<T> filter(Predicate<? super T> keep) {
    return r -> {
      for (int i = 0; i < MAX_REJECTS; i++) {
        T value = next(r);
        if (keep.test(value)) {
          return value;
        }
      }
      throw new IllegalStateException("filter rejected " + MAX_REJECTS + " values in a row");
    };
  }

  /** One of {@code edges} at {@link #EDGE_CASE_RATE}, otherwise a value of this generator. */
  default Gen<T> withEdgeCases(List<? extends T> edges) {
    if (edges.isEmpty()) {
      return this;
    }
    List<T> copy = List.copyOf(edges);
    return r -> r.nextDouble() < EDGE_CASE_RATE ? copy.get(r.nextInt(copy.size())) : next(r);
  }

  /** Lists of {@code min..max} elements, the two extreme sizes favoured (empty when min is 0). */
  default Gen<List<T>> list(int min, int max) {
    Gen<Integer> sizes = sizes(min, max);
    return r -> {
      int n = sizes.next(r);
      List<T> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(next(r));
      }
      return out;
    };
  }

  @SafeVarargs
  static <T> Gen<T> oneOf(T... values) {
    List<T> copy = List.of(values);
    return r -> copy.get(r.nextInt(copy.size()));
  }

  /** A generator picked at random for each draw. */
  @SafeVarargs
  static <T> Gen<T> mix(Gen<? extends T>... gens) {
    List<Gen<? extends T>> copy = List.of(gens);
    return r -> copy.get(r.nextInt(copy.size())).next(r);
  }

  /** Sizes or lengths in {@code min..max}: either end at {@link #EDGE_CASE_RATE}, else uniform. */
  static Gen<Integer> sizes(int min, int max) {
    if (min < 0 || max < min) {
      throw new IllegalArgumentException("sizes need 0 <= min <= max, got " + min + ".." + max);
    }
    Gen<Integer> uniform = r -> min + r.nextInt(max - min + 1);
    return uniform.withEdgeCases(List.of(min, max));
  }
}
