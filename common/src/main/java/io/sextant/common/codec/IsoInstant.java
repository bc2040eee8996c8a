package io.sextant.common.codec;

import java.time.Instant;

/**
 * {@link Instant#toString()} (ISO-8601 as {@link java.time.format.DateTimeFormatter#ISO_INSTANT}
 * prints it) without the formatter: every alarm change carries three instants, written once into
 * its document and again into its columns, and the formatter's general machinery was ~3 % of the
 * centre's CPU under an alert storm. Years 0000–9999 are done here; any other instant is left to
 * {@code toString}, so the text is always the JDK's.
 */
public final class IsoInstant {
  /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z, in epoch seconds. */
  private static final long MIN_SECOND = -62_167_219_200L;
  private static final long END_SECOND = 253_402_300_800L;

  private IsoInstant() {}

  /** The same text as {@code instant.toString()}. */
  public static String format(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds < MIN_SECOND || seconds >= END_SECOND) {
      return instant.toString();
    }
    int nano = instant.getNano();
    long days = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    // Days to a proleptic Gregorian civil date (eras of 400 years from 0000-03-01).
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    int dayOfEra = (int) (z - era * 146_097);
    int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    int mp = (5 * dayOfYear + 2) / 153;
    int day = dayOfYear - (153 * mp + 2) / 5 + 1;
    int month = mp < 10 ? mp + 3 : mp - 9;
    int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);

    // As ISO_INSTANT: no fraction, or 3, 6 or 9 digits, whichever shows it whole.
    int digits = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
    char[] out = new char[20 + (digits == 0 ? 0 : digits + 1)];
    put(out, 0, year, 4);
    out[4] = '-';
    put(out, 5, month, 2);
    out[7] = '-';
    put(out, 8, day, 2);
    out[10] = 'T';
    put(out, 11, secondOfDay / 3600, 2);
    out[13] = ':';
    put(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    put(out, 17, secondOfDay % 60, 2);
    int i = 19;
    if (digits > 0) {
      out[i++] = '.';
      int fraction = digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1000 : nano;
      put(out, i, fraction, digits);
      i += digits;
    }
    out[i] = 'Z';
    return new String(out);
  }

  /** {@code value} as {@code width} decimal digits, zero-padded, at {@code at}. */
  private static void put(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
