package io.sextant.collector.source.prometheus;

import java.util.Locale;

/** The two exposition formats; they differ in timestamps (ms vs s), {@code # EOF} and suffixes. */
public enum Format {
  TEXT_0_0_4,
  OPENMETRICS;

  /** The accept header a scraper sends: OpenMetrics preferred, text 0.0.4 accepted. */
  public static final String ACCEPT =
      "application/openmetrics-text;version=1.0.0;q=0.9,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  public static Format fromContentType(String contentType) {
    return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/openmetrics-text")
        ? OPENMETRICS
        : TEXT_0_0_4;
  }
}
