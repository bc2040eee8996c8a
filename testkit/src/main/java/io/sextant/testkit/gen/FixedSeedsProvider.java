package io.sextant.testkit.gen;

import java.util.Arrays;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.AnnotationBasedArgumentsProvider;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.support.ParameterDeclarations;

/** The seeds of {@link FixedSeeds}. */
public final class FixedSeedsProvider extends AnnotationBasedArgumentsProvider<FixedSeeds> {
  public static final String PROPERTY = "testkit.seeds";

  /**
   * The first {@code count} seeds of the fixed list: SplitMix64 of 1, 2, 3… Not 1, 2, 3 themselves,
   * because {@link java.util.Random}s seeded with neighbouring numbers start with correlated draws.
   */
  public static long[] seeds(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("at least one seed, got " + count);
    }
    return LongStream.rangeClosed(1, count).map(FixedSeedsProvider::splitMix64).toArray();
  }

  @Override
  protected Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context,
      FixedSeeds annotation) {
    String override = System.getProperty(PROPERTY, "").strip();
    long[] seeds = override.isEmpty() ? seeds(annotation.value())
        : Arrays.stream(override.split(",")).map(String::strip).mapToLong(Long::parseLong).toArray();
    return Arrays.stream(seeds).mapToObj(Arguments::of);
  }

  private static long splitMix64(long i) {
    long z = i * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
