package io.sextant.collector.source.prometheus;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A target's answer to one scrape: the status, the {@code Content-Type} (null when absent) and
 * the body as it arrives, which the caller reads and closes (closing ends the connection).
 */
record ScrapeResponse(int status, String contentType, InputStream body) implements Closeable {
  @Override
  public void close() throws IOException {
    body.close();
  }
}
