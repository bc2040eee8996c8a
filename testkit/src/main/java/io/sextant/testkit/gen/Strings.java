package io.sextant.testkit.gen;

import java.util.List;
import java.util.Random;

/**
 * Strings whose length counts UTF-16 chars, as {@link String#length()} does. Characters are drawn
 * from classes chosen for what breaks encoders: printable ASCII, the characters our formats
 * escape or split on, controls, Latin-1 and the rest of the BMP (CJK, U+FEFF, U+FFFF), astral
 * characters as surrogate pairs and, in {@link #any}, lone surrogates.
 */
public final class Strings {
  /** Separators, quotes, escapes and line ends of JSON, the Prometheus text format and our ids. */
  static final String SPECIAL = "\u0000\u0001\t\n\r \"\\=,{}#'";
  /** Whole strings tried as edge cases when their length fits. */
  static final List<String> EDGES = List.of("", " ", "\u0000", "\u0001", "\uffff", "\ufeff", "é", "東京",
      "\uD83D\uDD25", "a\"b\\c\nd", "\r\n", "NaN", "+Inf");
  static final List<String> LONE_SURROGATES = List.of("\uD800", "\uDFFF", "x\uDBFF", "\uDC00x");

  private Strings() {}

  /** Any Java string, lone surrogates included: what a {@code char[]} can hold. */
  public static Gen<String> any(int minLength, int maxLength) {
    return of(minLength, maxLength, true);
  }

  /** Well-formed Unicode: surrogates only in pairs, so it survives a UTF-8 round trip. */
  public static Gen<String> wellFormed(int minLength, int maxLength) {
    return of(minLength, maxLength, false);
  }

  /** Strings over the given characters only; a single first or last character among the edge cases. */
  public static Gen<String> over(String alphabet, int minLength, int maxLength) {
    if (alphabet.isEmpty()) {
      throw new IllegalArgumentException("empty alphabet");
    }
    Gen<Integer> lengths = Gen.sizes(minLength, maxLength);
    Gen<String> gen = r -> {
      int n = lengths.next(r);
      StringBuilder sb = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      return sb.toString();
    };
    return gen.withEdgeCases(fitting(List.of("", alphabet.substring(0, 1),
        alphabet.substring(alphabet.length() - 1)), minLength, maxLength));
  }

  /** ASCII letters only. */
  public static Gen<String> alpha(int minLength, int maxLength) {
    return over("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", minLength, maxLength);
  }

  private static Gen<String> of(int minLength, int maxLength, boolean loneSurrogates) {
    Gen<Integer> lengths = Gen.sizes(minLength, maxLength);
    Gen<String> gen = r -> {
      int n = lengths.next(r);
      StringBuilder sb = new StringBuilder(n);
      while (sb.length() < n) {
        appendChar(sb, r, n - sb.length(), loneSurrogates);
      }
      return sb.toString();
    };
    List<String> edges = new java.util.ArrayList<>(EDGES);
    if (loneSurrogates) {
      edges.addAll(LONE_SURROGATES);
    }
    return gen.withEdgeCases(fitting(edges, minLength, maxLength));
  }

  private static void appendChar(StringBuilder sb, Random r, int room, boolean loneSurrogates) {
    int kind = r.nextInt(20);
    if (kind < 7) {
      sb.append((char) (0x20 + r.nextInt(0x5f))); // printable ASCII
    } else if (kind < 9) {
      sb.append(SPECIAL.charAt(r.nextInt(SPECIAL.length())));
    } else if (kind < 10) {
      sb.append((char) r.nextInt(0x20)); // C0 controls
    } else if (kind < 13) {
      sb.append((char) (0x7f + r.nextInt(0x800 - 0x7f))); // DEL, C1, Latin-1 and on to U+07FF
    } else if (kind < 17) {
      sb.append(bmpNonSurrogate(r));
    } else if (kind < 19 && room >= 2) {
      sb.appendCodePoint(0x10000 + r.nextInt(0x110000 - 0x10000)); // astral, as a surrogate pair
    } else if (loneSurrogates) {
      sb.append((char) (0xd800 + r.nextInt(0x800)));
    } else {
      sb.append(bmpNonSurrogate(r));
    }
  }

  private static char bmpNonSurrogate(Random r) {
    int c = 0x800 + r.nextInt(0x10000 - 0x800 - 0x800); // U+0800..U+FFFF less the 2048 surrogates
    return (char) (c >= 0xd800 ? c + 0x800 : c);
  }

  private static List<String> fitting(List<String> edges, int minLength, int maxLength) {
    return edges.stream().filter(s -> s.length() >= minLength && s.length() <= maxLength).distinct().toList();
  }
}
