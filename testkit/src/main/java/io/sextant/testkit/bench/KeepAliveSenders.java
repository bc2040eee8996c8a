package io.sextant.testkit.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP/1.1 POSTs over keep-alive connections, one plain blocking socket a sender: each request is
 * written in one piece (head and body) and its answer read to its end before the next. A load
 * generator on the measured machine takes its CPU from the servers it measures, from both sides
 * alike; the JDK's {@code HttpClient} (its selector thread, futures and copies) took ~250 µs of
 * CPU a 40 KB POST, as much as a tenth of what the fastest server under test spent on it. This one
 * takes only what a request needs, as load generators such as {@code wrk} do. Answers with a
 * {@code Content-Length} or chunked body; any status but 2xx stops the bench.
 */
public final class KeepAliveSenders {
  private KeepAliveSenders() {}

  /**
   * Posts every payload once from {@code senders} connections (their loops on {@code pool}), each
   * taking the next payload from a shared index; returns the seconds it took.
   */
  public static double postAll(ExecutorService pool, int senders, URI uri, List<byte[]> payloads) throws Exception {
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < senders; t++) {
      running.add(pool.submit(() -> {
        try (Connection c = new Connection(uri)) {
          for (int i = next.getAndIncrement(); i < payloads.size(); i = next.getAndIncrement()) {
            c.post(payloads.get(i));
          }
        }
        return null;
      }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** One keep-alive connection, reopened when the server closes it. */
  static final class Connection implements AutoCloseable {
    private final URI uri;
    private final byte[] head;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    Connection(URI uri) {
      this.uri = uri;
      String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      this.head = ("POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
          + "\r\nContent-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
    }

    /** Posts {@code body} and reads the answer; throws unless it is 2xx. */
    void post(byte[] body) throws IOException {
      if (socket == null) {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
        socket.setSoTimeout(60_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 8192);
      }
      byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      byte[] request = new byte[head.length + length.length + body.length];
      System.arraycopy(head, 0, request, 0, head.length);
      System.arraycopy(length, 0, request, head.length, length.length);
      System.arraycopy(body, 0, request, head.length + length.length, body.length);
      out.write(request);
      out.flush();
      String status = line();
      int code = status.length() >= 12 && status.startsWith("HTTP/1.") ? Integer.parseInt(status.substring(9, 12)) : -1;
      long contentLength = -1;
      boolean chunked = false;
      boolean close = status.startsWith("HTTP/1.0");
      for (String h = line(); !h.isEmpty(); h = line()) {
        String lower = h.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          contentLength = Long.parseLong(lower.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("connection:")) {
          close = lower.contains("close");
        }
      }
      byte[] answer = chunked ? chunks() : contentLength >= 0 ? in.readNBytes((int) contentLength) : in.readAllBytes();
      if (!chunked && contentLength < 0) {
        close = true; // the body ran to the end of the connection
      }
      if (close) {
        close();
      }
      if (code / 100 != 2) {
        throw new IllegalStateException(uri + " answered '" + status + "': "
            + new String(answer, StandardCharsets.UTF_8));
      }
    }

    private byte[] chunks() throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String size = line();
        int semicolon = size.indexOf(';');
        int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
        if (n == 0) {
          while (!line().isEmpty()) {
            // trailers
          }
          return body.toByteArray();
        }
        body.write(in.readNBytes(n));
        line();
      }
    }

    /** One header line, without its CRLF; fails if the connection ends first. */
    private String line() throws IOException {
      StringBuilder s = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new IOException(uri + " closed the connection in the middle of an answer");
        }
        if (c != '\r') {
          s.append((char) c);
        }
      }
      return s.toString();
    }

    @Override
    public void close() throws IOException {
      if (socket != null) {
        socket.close();
        socket = null;
      }
    }
  }
}
