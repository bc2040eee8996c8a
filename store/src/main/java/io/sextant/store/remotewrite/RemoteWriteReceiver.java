package io.sextant.store.remotewrite;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sextant.common.model.Sample;
import io.sextant.common.security.ApiTokens.Role;
import io.sextant.common.security.JdkListener;
import io.sextant.common.security.TlsFiles;
import io.sextant.common.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xerial.snappy.Snappy;

/**
 * HTTP endpoint {@value #PATH} for Prometheus remote write 1.0 (snappy block-compressed protobuf
 * {@code WriteRequest}). A request is answered only after its samples are committed:
 * {@code 204} then; {@code 400} for a body that cannot be decoded (Prometheus drops it, retrying
 * would not help); {@code 503} when the store is unavailable ({@code StoreException} retryable),
 * which Prometheus retries with backoff, so nothing is lost while PostgreSQL restarts.
 * Resending is harmless: writes are idempotent.
 */
public final class RemoteWriteReceiver implements AutoCloseable {
  public static final String PATH = "/api/v1/write";
  /** Larger bodies are refused: Prometheus sends at most a few MB (max_samples_per_send). */
  public static final int MAX_BODY_BYTES = 32 << 20;

  private static final Logger log = LoggerFactory.getLogger(RemoteWriteReceiver.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final ToIntFunction<List<Sample>> sink;
  private final SampleMapping mapping;
  private final JdkListener listener;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong samplesReceived = new AtomicLong();
  private final AtomicLong badRequests = new AtomicLong();
  private final AtomicLong unavailable = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();

  private RemoteWriteReceiver(HttpServer server, ExecutorService executor, ToIntFunction<List<Sample>> sink,
      SampleMapping mapping, JdkListener listener) {
    this.listener = listener;
    this.server = server;
    this.executor = executor;
    this.sink = sink;
    this.mapping = mapping;
  }

  /**
   * Listens on {@code address} in plaintext, taking every call (use loopback or a private
   * interface) and writes through {@code sink}, e.g. {@code store::writeSamples}.
   */
  public static RemoteWriteReceiver start(InetSocketAddress address, ToIntFunction<List<Sample>> sink,
      SampleMapping mapping, int threads) throws IOException {
    return start(address, null, JdkListener.open(), sink, mapping, threads);
  }

  /**
   * As above, over TLS when {@code tls} is set, each request admitted by {@code listener} (a
   * writer's token, the intake's rate limit) before its body is read.
   */
  public static RemoteWriteReceiver start(InetSocketAddress address, TlsFiles tls, JdkListener listener,
      ToIntFunction<List<Sample>> sink, SampleMapping mapping, int threads) throws IOException {
    HttpServer server = JdkListener.bind(address, 64, tls);
    ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "sextant-remote-write");
      t.setDaemon(true);
      return t;
    });
    RemoteWriteReceiver receiver = new RemoteWriteReceiver(server, executor, sink, mapping, listener);
    server.createContext(PATH, receiver::handle);
    server.setExecutor(executor);
    server.start();
    log.info("Prometheus remote-write receiver on {}://{}:{}{}", tls == null ? "http" : "https", address.getHostString(), receiver.port(), PATH);
    return receiver;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Requests refused for want of a token or a role, or over the rate limit, by reason. */
  public java.util.Map<String, Long> refused() {
    return listener.refused();
  }

  public long requests() {
    return requests.get();
  }

  /** Samples accepted from requests that were committed. */
  public long samplesReceived() {
    return samplesReceived.get();
  }

  public long badRequests() {
    return badRequests.get();
  }

  /** Requests answered 503 because the store was unavailable. */
  public long unavailable() {
    return unavailable.get();
  }

  /** NaN samples (staleness markers) and nameless series left out. */
  public long skipped() {
    return skipped.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      requests.incrementAndGet();
      if (!listener.admit(ex, Role.WRITER)) {
        return;
      }
      if (!"POST".equals(ex.getRequestMethod())) {
        reply(ex, 405, "remote write takes POST");
        return;
      }
      List<Sample> samples;
      try {
        byte[] body = readBody(ex.getRequestBody());
        if (!Snappy.isValidCompressedBuffer(body)) {
          throw new IOException("body is not snappy block-compressed");
        }
        int length = Snappy.uncompressedLength(body);
        if (length > MAX_BODY_BYTES) {
          throw new IOException("uncompressed body of " + length + " bytes exceeds " + MAX_BODY_BYTES);
        }
        SampleMapping.Result result = mapping.convert(WriteRequestDecoder.decode(Snappy.uncompress(body)));
        skipped.addAndGet(result.nanSkipped() + result.seriesWithoutName());
        samples = result.samples();
      } catch (IOException | RuntimeException e) {
        badRequests.incrementAndGet();
        log.warn("rejected remote-write request from {}: {}", ex.getRemoteAddress(), e.getMessage());
        reply(ex, 400, "cannot decode WriteRequest: " + e.getMessage());
        return;
      }
      try {
        sink.applyAsInt(samples);
      } catch (StoreException e) {
        if (e.retryable()) {
          unavailable.incrementAndGet();
          reply(ex, 503, "store unavailable, retry: " + e.getMessage());
        } else {
          badRequests.incrementAndGet();
          reply(ex, 400, "store refused the samples: " + e.getMessage());
        }
        return;
      }
      samplesReceived.addAndGet(samples.size());
      ex.sendResponseHeaders(204, -1);
    }
  }

  private static byte[] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      throw new IOException("body larger than " + MAX_BODY_BYTES + " bytes");
    }
    return body;
  }

  private static void reply(HttpExchange ex, int status, String message) throws IOException {
    JdkListener.drain(ex);
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
