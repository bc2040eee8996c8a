package io.sextant.collector.source.prometheus;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * A plain HTTP/1.1 GET on a socket, for {@code http://} targets: one connection per scrape
 * ({@code Connection: close}, as a 1 Hz scrape of a local exporter needs no pooling), no
 * redirects (as the JDK client, a 3xx is a failed scrape), no compression asked for. The body is
 * read as it arrives, by length, chunked, or to the end of the connection; the time spent waiting
 * on the target (connecting, then blocked in reads) is held to the scrape's timeout: a target that
 * stalls half-way fails the scrape at its timeout.
 */
final class PlainHttp implements ScrapeHttp {
  /** A status or header line longer than this is not a Prometheus target's answer. */
  private static final int MAX_LINE = 8192;
  private static final int MAX_HEADERS = 100;

  @Override
  public ScrapeResponse get(URI url, Duration timeout) throws IOException {
    String host = url.getHost();
    if (host == null) {
      throw new IOException(url + ": no host");
    }
    int port = url.getPort() < 0 ? 80 : url.getPort();
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      path += "?" + url.getRawQuery();
    }
    Socket socket = new Socket();
    try {
      // an IPv6 literal comes bracketed from URI.getHost(); the socket wants it bare
      String address = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      long t0 = System.nanoTime();
      socket.connect(new InetSocketAddress(address, port), (int) remainingMs(timeout.toNanos(), url));
      Waits waits = new Waits(socket, timeout.toNanos() - (System.nanoTime() - t0), url);
      socket.setTcpNoDelay(true);
      String request = "GET " + path + " HTTP/1.1\r\n"
          + "Host: " + host + (url.getPort() < 0 ? "" : ":" + port) + "\r\n"
          + "Accept: " + Format.ACCEPT + "\r\n"
          + "Accept-Encoding: identity\r\n"
          + "User-Agent: sextant-edge\r\n"
          + "Connection: close\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = new BufferedInputStream(waits, 8192);
      int status;
      Headers headers;
      do { // 1xx answers (100 Continue) precede the real one
        status = status(line(in), url);
        headers = Headers.read(in, url);
      } while (status / 100 == 1);
      InputStream body;
      if (headers.chunked) {
        body = new Chunked(in, url);
      } else if (headers.length >= 0) {
        body = new Bounded(in, headers.length);
      } else {
        body = in; // to the end of the connection
      }
      return new ScrapeResponse(status, headers.contentType, new Closing(body, socket));
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** What is left of {@code nanos} in whole milliseconds, at least 1; none left is a timeout. */
  private static long remainingMs(long nanos, URI url) throws SocketTimeoutException {
    long ms = nanos / 1_000_000;
    if (ms <= 0) {
      throw new SocketTimeoutException(url + ": no complete answer within the scrape timeout");
    }
    return ms;
  }

  private static int status(String line, URI url) throws IOException {
    // HTTP/1.1 200 OK
    if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
      throw new IOException(url + ": not an HTTP/1.x status line: " + cut(line));
    }
    try {
      return Integer.parseInt(line.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new IOException(url + ": bad status in " + cut(line));
    }
  }

  /** One CRLF- (or LF-) terminated line in ISO-8859-1; EOF before its end is an error. */
  static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("connection closed in the middle of the answer's head");
      }
      if (c == '\n') {
        int n = b.length();
        return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
      }
      if (b.length() >= MAX_LINE) {
        throw new IOException("a line of the answer's head is over " + MAX_LINE + " bytes");
      }
      b.append((char) c);
    }
  }

  private static String cut(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  /** The headers a scrape needs. */
  private record Headers(String contentType, long length, boolean chunked) {
    static Headers read(InputStream in, URI url) throws IOException {
      String type = null;
      long length = -1;
      boolean chunked = false;
      for (int k = 0; ; k++) {
        String h = line(in);
        if (h.isEmpty()) {
          return new Headers(type, length, chunked);
        }
        if (k >= MAX_HEADERS) {
          throw new IOException(url + ": more than " + MAX_HEADERS + " header lines");
        }
        int colon = h.indexOf(':');
        if (colon <= 0) {
          throw new IOException(url + ": bad header line " + cut(h));
        }
        String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = h.substring(colon + 1).trim();
        switch (name) {
          case "content-type" -> type = value;
          case "content-length" -> {
            try {
              length = Long.parseLong(value);
            } catch (NumberFormatException e) {
              throw new IOException(url + ": bad Content-Length " + cut(value));
            }
          }
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
          default -> { }
        }
      }
    }
  }

  /**
   * The socket's stream, each read given only what is left of the scrape's time. The time counted
   * is the time spent waiting on the target (connecting and blocked in reads), not the edge's own
   * work between reads: the body is parsed as it arrives, and a busy edge must not fail the
   * scrape of a target that answered in time.
   */
  private static final class Waits extends FilterInputStream {
    private final Socket socket;
    private final URI url;
    private long left;

    Waits(Socket socket, long timeoutNanos, URI url) throws IOException {
      super(socket.getInputStream());
      this.socket = socket;
      this.left = timeoutNanos;
      this.url = url;
    }

    @Override
    public int read() throws IOException {
      socket.setSoTimeout((int) remainingMs(left, url));
      long t0 = System.nanoTime();
      try {
        return super.read();
      } finally {
        left -= System.nanoTime() - t0;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      socket.setSoTimeout((int) remainingMs(left, url));
      long t0 = System.nanoTime();
      try {
        return super.read(b, off, len);
      } finally {
        left -= System.nanoTime() - t0;
      }
    }
  }

  /** A body framed in the connection's stream: single bytes are read as arrays of one. */
  private abstract static class Framed extends FilterInputStream {
    Framed(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }
  }

  /** A body of a known length: its end is the end of the stream, and fewer bytes an error. */
  private static final class Bounded extends Framed {
    private long left;

    Bounded(InputStream in, long length) {
      super(in);
      this.left = length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException("connection closed with " + left + " bytes of the body still to come");
      }
      left -= n;
      return n;
    }
  }

  /** A chunked body (RFC 9112 §7.1); trailers are read and ignored. */
  private static final class Chunked extends Framed {
    private final URI url;
    private long left;
    private boolean done;

    Chunked(InputStream in, URI url) {
      super(in);
      this.url = url;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (left == 0) {
        String size = line(in);
        int ext = size.indexOf(';');
        try {
          left = Long.parseLong((ext < 0 ? size : size.substring(0, ext)).trim(), 16);
        } catch (NumberFormatException e) {
          throw new IOException(url + ": bad chunk size " + cut(size));
        }
        if (left == 0) {
          while (!line(in).isEmpty()) { } // trailers
          done = true;
          return -1;
        }
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException("connection closed in the middle of a chunk");
      }
      left -= n;
      if (left == 0 && !line(in).isEmpty()) {
        throw new IOException(url + ": a chunk does not end with CRLF");
      }
      return n;
    }
  }

  /** The body; closing it closes the connection. */
  private static final class Closing extends FilterInputStream {
    private final Socket socket;

    Closing(InputStream in, Socket socket) {
      super(in);
      this.socket = socket;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
