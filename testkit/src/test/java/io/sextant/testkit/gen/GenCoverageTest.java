package io.sextant.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Over the standard seed list each generator stays in its bounds and reaches every one of its edge
 * cases; a change that drops one (a filter, a narrower char class) fails here, not silently.
 */
class GenCoverageTest {
  /** Draws per seed: about what one case of the generated-input tests takes from a generator. */
  static final int DRAWS = 10;

  static <T> List<T> draw(Gen<T> gen) {
    List<T> out = new ArrayList<>();
    for (long seed : FixedSeedsProvider.seeds(200)) {
      Random r = new Random(seed);
      for (int i = 0; i < DRAWS; i++) {
        out.add(gen.next(r));
      }
    }
    return out;
  }

  @Test
  void anyStringsReachEveryEdgeCaseAndEveryCharClass() {
    List<String> all = draw(Strings.any(0, 40));

    assertThat(all).allSatisfy(s -> assertThat(s.length()).isBetween(0, 40));
    assertThat(all).containsAll(Strings.EDGES).containsAll(Strings.LONE_SURROGATES);
    String chars = String.join("", all);
    assertThat(chars.chars().anyMatch(c -> Character.isHighSurrogate((char) c))).isTrue();
    assertThat(chars.codePoints().anyMatch(Character::isSupplementaryCodePoint)).isTrue();
    assertThat(chars.chars().anyMatch(c -> c >= 0x4e00 && c <= 0x9fff)).as("CJK").isTrue();
    assertThat(chars.chars().anyMatch(c -> c < 0x20)).as("controls").isTrue();
    assertThat(Strings.SPECIAL.chars()).allMatch(c -> chars.indexOf(c) >= 0);
    assertThat(all).anySatisfy(s -> assertThat(s).hasSize(40));
  }

  @Test
  void wellFormedStringsHaveNoLoneSurrogateAndKeepAstralCharacters() {
    List<String> all = draw(Strings.wellFormed(1, 12));

    assertThat(all).allSatisfy(s -> {
      assertThat(s.length()).isBetween(1, 12);
      assertThat(isWellFormed(s)).as("well-formed %s", s.chars().boxed().toList()).isTrue();
    });
    assertThat(all).containsAll(Strings.EDGES.stream().filter(s -> !s.isEmpty() && s.length() <= 12).toList())
        .doesNotContain("");
    assertThat(String.join("", all).codePoints().anyMatch(Character::isSupplementaryCodePoint)).isTrue();
  }

  @Test
  void stringsOverAnAlphabetUseOnlyIt() {
    List<String> all = draw(Strings.over("ab_", 1, 5));

    assertThat(all).allMatch(s -> s.matches("[ab_]{1,5}")).contains("a", "_");
    assertThat(all.stream().map(String::length).collect(Collectors.toSet())).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
  }

  @Test
  void longsReachBothEndsZeroAndSmallValues() {
    List<Long> any = draw(Numbers.anyLong());
    assertThat(any).contains(Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE, Long.MAX_VALUE - 1, 0L, 1L, -1L);
    assertThat(any).anyMatch(l -> l > 1 && l < 1000).anyMatch(l -> l < -1 && l > -1000);

    List<Long> ranged = draw(Numbers.longs(1, Long.MAX_VALUE));
    assertThat(ranged).allMatch(l -> l >= 1).contains(1L, 2L, Long.MAX_VALUE);

    List<Integer> ints = draw(Numbers.ints(3, 8));
    assertThat(new HashSet<>(ints)).containsExactlyInAnyOrder(3, 4, 5, 6, 7, 8);
  }

  @Test
  void doublesReachTheirSpecialValues() {
    Set<Long> bits = bits(draw(Numbers.anyDouble()));
    for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
        Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e15}) {
      assertThat(bits).as("%s", d).contains(Double.doubleToLongBits(d));
    }
    assertThat(draw(Numbers.anyDouble())).anyMatch(d -> d != 0 && Math.abs(d) < Double.MIN_NORMAL)
        .as("subnormal");

    List<Double> ranged = draw(Numbers.doubles(-1e9, 1e9));
    assertThat(ranged).allMatch(d -> d >= -1e9 && d <= 1e9);
    assertThat(bits(ranged)).contains(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(1e9),
        Double.doubleToLongBits(Double.MIN_VALUE));
  }

  @Test
  void collectionsReachEmptyAndLargest() {
    assertThat(draw(Strings.alpha(1, 3).list(0, 6)).stream().map(List::size).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6);
    List<Map<String, String>> maps = draw(Maps.of(Strings.any(0, 8), Strings.any(0, 8), 2, 6));
    assertThat(maps.stream().map(Map::size).collect(Collectors.toSet())).containsExactlyInAnyOrder(2, 3, 4, 5, 6);
    assertThat(maps).anyMatch(m -> m.containsKey(""));
    assertThat(draw(Numbers.bytes(0, 200))).anyMatch(b -> b.length == 0).anyMatch(b -> b.length == 200);
  }

  @Test
  void theSeedListIsFixedAndItsSeedsDistinct() {
    long[] seeds = FixedSeedsProvider.seeds(300);
    assertThat(FixedSeedsProvider.seeds(300)).containsExactly(seeds);
    assertThat(FixedSeedsProvider.seeds(100)).containsExactly(java.util.Arrays.copyOf(seeds, 100));
    assertThat(java.util.Arrays.stream(seeds).distinct().count()).isEqualTo(300);
  }

  static Set<Long> bits(List<Double> ds) {
    return ds.stream().map(Double::doubleToLongBits).collect(Collectors.toSet());
  }

  static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
