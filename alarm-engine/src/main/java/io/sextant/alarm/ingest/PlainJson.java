package io.sextant.alarm.ingest;

/**
 * Byte-level checks of the plainest JSON, for the decoder's fast path: each answers -1 (or false)
 * for anything it does not prove valid, and the caller then leaves the input to the real parser.
 * So these never need to match the parser's errors, only never to accept what it would refuse.
 */
final class PlainJson {
  private PlainJson() {}

  /** The byte at {@code i}, or 0 (never valid JSON there) past {@code to}. */
  static int at(byte[] b, int i, int to) {
    return i < to ? b[i] : 0;
  }

  /** The closing quote of a member's name at {@code i} if it is a plain string, else -1. */
  static int nameEnd(byte[] b, int i, int to) {
    return at(b, i, to) == '"' ? plainStringEnd(b, i + 1, to) : -1;
  }

  /** Where the member's value starts after its name ends at {@code nameEnd} ({@code :} and whitespace), else -1. */
  static int valueStart(byte[] b, int nameEnd, int to) {
    int i = ws(b, nameEnd + 1, to);
    return at(b, i, to) == ':' ? ws(b, i + 1, to) : -1;
  }

  /** The first index from {@code i} that is not JSON whitespace. */
  static int ws(byte[] b, int i, int to) {
    while (i < to && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
      i++;
    }
    return i;
  }

  /**
   * The closing quote of a string whose contents start at {@code from}, if they are printable
   * ASCII without escapes (so their bytes are their chars); else -1.
   */
  static int plainStringEnd(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == '"') {
        return i;
      }
      if (c == '\\' || c < 0x20) { // negative: a byte of a multi-byte UTF-8 sequence
        return -1;
      }
    }
    return -1;
  }

  /** The end (exclusive) of {@code literal} at {@code i} if it is whole there; else -1. */
  static int literal(byte[] b, int i, int to, String literal) {
    int n = literal.length();
    if (i + n > to) {
      return -1;
    }
    for (int k = 0; k < n; k++) {
      if (b[i + k] != literal.charAt(k)) {
        return -1;
      }
    }
    return delimiter(at(b, i + n, to)) ? i + n : -1;
  }

  /** The end (exclusive) of a scalar at {@code i}: a plain string, a literal or a number; else -1. */
  static int scalarEnd(byte[] b, int i, int to) {
    int c = at(b, i, to);
    if (c == '"') {
      int end = plainStringEnd(b, i + 1, to);
      return end < 0 ? -1 : end + 1;
    }
    if (c == 't') {
      return literal(b, i, to, "true");
    }
    if (c == 'f') {
      return literal(b, i, to, "false");
    }
    if (c == 'n') {
      return literal(b, i, to, "null");
    }
    return numberEnd(b, i, to);
  }

  /** JSON's number grammar exactly: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, then a delimiter. */
  static int numberEnd(byte[] b, int i, int to) {
    if (at(b, i, to) == '-') {
      i++;
    }
    if (at(b, i, to) == '0') {
      i++;
    } else if (digit(at(b, i, to)) && at(b, i, to) != '0') {
      i = digits(b, i, to);
    } else {
      return -1;
    }
    if (at(b, i, to) == '.') {
      if (!digit(at(b, i + 1, to))) {
        return -1;
      }
      i = digits(b, i + 1, to);
    }
    if (at(b, i, to) == 'e' || at(b, i, to) == 'E') {
      i++;
      if (at(b, i, to) == '+' || at(b, i, to) == '-') {
        i++;
      }
      if (!digit(at(b, i, to))) {
        return -1;
      }
      i = digits(b, i, to);
    }
    return delimiter(at(b, i, to)) ? i : -1;
  }

  private static int digits(byte[] b, int i, int to) {
    while (digit(at(b, i, to))) {
      i++;
    }
    return i;
  }

  private static boolean digit(int c) {
    return c >= '0' && c <= '9';
  }

  /** What may follow a value inside an object. */
  private static boolean delimiter(int c) {
    return c == ',' || c == '}' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  /** {@code b[from, to)} is exactly {@code ascii}. */
  static boolean is(byte[] b, int from, int to, String ascii) {
    if (to - from != ascii.length()) {
      return false;
    }
    for (int k = 0; k < ascii.length(); k++) {
      if (b[from + k] != ascii.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
