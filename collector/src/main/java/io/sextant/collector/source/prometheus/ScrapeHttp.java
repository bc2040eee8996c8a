package io.sextant.collector.source.prometheus;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * How a scrape source fetches its target: one GET with the exposition formats accepted. An
 * {@code http://} target gets {@link PlainHttp}, a plain HTTP/1.1 client on a socket; only an
 * {@code https://} target loads the JDK's {@code java.net.http} client ({@link JdkHttp}), whose
 * ~300 classes and TLS machinery an edge scraping local exporters would otherwise carry in
 * metaspace (docs/benchmarks-edge-process.md).
 */
interface ScrapeHttp {
  /** Sends the GET; the whole exchange, body included, must end within {@code timeout}. */
  ScrapeResponse get(URI url, Duration timeout) throws IOException, InterruptedException;

  static ScrapeHttp forTarget(URI url, Duration connectTimeout) {
    return switch (String.valueOf(url.getScheme()).toLowerCase(java.util.Locale.ROOT)) {
      case "http" -> new PlainHttp();
      case "https" -> new JdkHttp(connectTimeout);
      default -> throw new IllegalArgumentException("scrape URL " + url + ": only http and https are supported");
    };
  }
}
