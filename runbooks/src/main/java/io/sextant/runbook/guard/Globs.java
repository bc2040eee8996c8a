package io.sextant.runbook.guard;

import java.util.List;
import java.util.regex.Pattern;

/** Glob patterns ({@code *} any run, {@code ?} one character) on targets and sites. */
public final class Globs {
  private Globs() {}

  public static boolean matchesAny(List<String> globs, String value) {
    for (String g : globs) {
      if (Pattern.matches(toRegex(g), value)) {
        return true;
      }
    }
    return false;
  }

  private static String toRegex(String glob) {
    StringBuilder sb = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> sb.append(".*");
        case '?' -> sb.append('.');
        default -> sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return sb.toString();
  }
}
