package io.sextant.collector.source.otlp;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.sextant.collector.source.Source;
import io.sextant.common.model.Sample;
import io.sextant.common.security.ApiTokens.Role;
import io.sextant.common.security.Gate;
import io.sextant.common.security.JdkListener;
import io.sextant.common.security.TlsFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * Receives OTLP/HTTP metric exports on {@code POST /v1/metrics} and hands the samples to the
 * collector at its next window (it is a {@link Source}). Trace exports on {@code POST /v1/traces}
 * are read for the calls between services ({@link TraceCalls}), which come out at each window as
 * {@value TraceCalls#METRIC} samples; the spans themselves are not kept. Protobuf ({@code application/x-protobuf})
 * and JSON ({@code application/json}) bodies, optionally gzip-encoded, are accepted; the answer is
 * an {@code ExportMetricsServiceResponse} (or {@code ExportTraceServiceResponse}, with a
 * {@code partial_success} counting the spans skipped) in the request's encoding. A bad payload gets 400 with a
 * {@code google.rpc.Status} whose message gives the reason, and is counted by reason.
 *
 * <p>Requests are handled on one thread: the mapper keeps cumulative state per series, and one
 * thread decodes far more than an edge site sends. Samples wait in a buffer bounded by
 * {@code maxBuffered}; when the collector falls behind the oldest are dropped and counted.
 *
 * <p>Secured as the edge's {@code http:} says: over TLS, a writer's token (or an operator's), the
 * rate limit; a refusal (401, 403, 429 with Retry-After, which OTLP exporters honour) is a
 * {@code google.rpc.Status} like any other, counted by the {@link JdkListener}.
 */
public final class OtlpHttpReceiver implements Source, AutoCloseable {
  public static final String PATH = "/v1/metrics";
  public static final String TRACES_PATH = "/v1/traces";
  public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
  public static final int DEFAULT_MAX_BUFFERED = 200_000;

  /** Why a request was refused; the counter's label. */
  public enum Refusal {
    BAD_PROTOBUF,
    BAD_JSON,
    BAD_ENCODING,
    UNSUPPORTED_MEDIA_TYPE,
    TOO_LARGE,
    NOT_FOUND,
    METHOD_NOT_ALLOWED
  }

  private final String site;
  private final int maxBuffered;
  private final HttpServer server;
  private final JdkListener listener;
  private final ExecutorService executor;
  private final OtlpMetricsMapper mapper = new OtlpMetricsMapper();
  private final TraceCalls traceCalls;
  private final ArrayDeque<Sample> buffer = new ArrayDeque<>();
  private final Map<Refusal, AtomicLong> refused = new EnumMap<>(Refusal.class);
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong bufferDrops = new AtomicLong();

  /** Binds at once in plaintext, taking every call; use port 0 for a free port and {@link #port()} to learn it. */
  public OtlpHttpReceiver(String site, InetSocketAddress address, int maxBuffered) throws IOException {
    this(site, address, maxBuffered, null, JdkListener.open());
  }

  /** As above, over TLS when {@code tls} is set, each request admitted by {@code listener} first. */
  public OtlpHttpReceiver(String site, InetSocketAddress address, int maxBuffered, TlsFiles tls, JdkListener listener)
      throws IOException {
    this.site = site;
    this.listener = listener;
    this.maxBuffered = maxBuffered;
    this.traceCalls = new TraceCalls(site);
    for (Refusal r : Refusal.values()) {
      refused.put(r, new AtomicLong());
    }
    server = JdkListener.bind(address, 64, tls);
    executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "otlp-receiver");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public String name() {
    return "otlp";
  }

  /** Everything received since the previous call. */
  @Override
  public List<Sample> collect(Instant windowEnd) {
    List<Sample> out;
    synchronized (buffer) {
      out = new ArrayList<>(buffer);
      buffer.clear();
    }
    synchronized (traceCalls) {
      out.addAll(traceCalls.collect(windowEnd));
    }
    return out;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Gate.Admission admission = listener.check(ex, Role.WRITER);
      if (!admission.admitted()) {
        io.sextant.common.security.Refusal r = admission.refusal();
        JdkListener.headers(ex, r);
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        refuse(ex, r.status(), r.message(), type != null && type.startsWith("application/json"));
        return;
      }
      String path = ex.getRequestURI().getPath();
      if (!path.equals(PATH) && !path.equals(TRACES_PATH)) {
        refuse(ex, 404, Refusal.NOT_FOUND, "only " + PATH + " and " + TRACES_PATH + " are served", false);
        return;
      }
      if (!ex.getRequestMethod().equals("POST")) {
        refuse(ex, 405, Refusal.METHOD_NOT_ALLOWED, "use POST", false);
        return;
      }
      String type = ex.getRequestHeaders().getFirst("Content-Type");
      String mediaType = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
      boolean json = mediaType.equals("application/json");
      if (!json && !mediaType.equals("application/x-protobuf")) {
        refuse(ex, 415, Refusal.UNSUPPORTED_MEDIA_TYPE,
            "Content-Type must be application/x-protobuf or application/json, got '" + type + "'", false);
        return;
      }
      byte[] body;
      try {
        body = read(ex);
      } catch (TooLarge e) {
        refuse(ex, 413, Refusal.TOO_LARGE, "body larger than " + MAX_BODY_BYTES + " bytes", json);
        return;
      } catch (IOException e) {
        refuse(ex, 400, Refusal.BAD_ENCODING, "cannot read the body: " + e.getMessage(), json);
        return;
      }
      if (path.equals(TRACES_PATH)) {
        traces(ex, body, json);
        return;
      }
      ExportMetricsServiceRequest req = decode(ex, body, json, "ExportMetricsServiceRequest",
          OtlpJson::parseMetricsRequest, ExportMetricsServiceRequest::parseFrom);
      if (req == null) {
        return;
      }
      List<Sample> got = mapper.map(site, req);
      buffer(got);
      accepted.incrementAndGet();
      samples.addAndGet(got.size());
      // An empty ExportMetricsServiceResponse: no partial_success to report.
      respond(ex, 200, json ? "application/json" : "application/x-protobuf",
          json ? "{}".getBytes(StandardCharsets.UTF_8) : new byte[0]);
    }
  }

  private interface ProtoParser<T> {
    T parse(byte[] body) throws InvalidProtocolBufferException;
  }

  /** The request decoded, or null when it was refused (400, counted) for not decoding. */
  private <T> T decode(HttpExchange ex, byte[] body, boolean json, String what, Function<byte[], T> fromJson,
      ProtoParser<T> fromProtobuf) throws IOException {
    try {
      return json ? fromJson.apply(body) : fromProtobuf.parse(body);
    } catch (InvalidProtocolBufferException e) {
      refuse(ex, 400, Refusal.BAD_PROTOBUF, "not an " + what + ": " + e.getMessage(), false);
    } catch (IllegalArgumentException e) {
      refuse(ex, 400, Refusal.BAD_JSON, "not an OTLP/JSON " + what + ": " + e.getMessage(), true);
    }
    return null;
  }

  private void traces(HttpExchange ex, byte[] body, boolean json) throws IOException {
    ExportTraceServiceRequest req = decode(ex, body, json, "ExportTraceServiceRequest",
        OtlpJson::parseTraceRequest, ExportTraceServiceRequest::parseFrom);
    if (req == null) {
      return;
    }
    TraceCalls.Outcome got;
    synchronized (traceCalls) {
      got = traceCalls.add(req);
    }
    accepted.incrementAndGet();
    ExportTraceServiceResponse.Builder answer = ExportTraceServiceResponse.newBuilder();
    if (got.rejected() > 0) { // OTLP: a partial success is still 200, with what was rejected and why
      answer.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
          .setRejectedSpans(got.rejected()).setErrorMessage(got.firstError()));
    }
    byte[] out = json
        ? (got.rejected() == 0 ? "{}" : "{\"partialSuccess\":{\"rejectedSpans\":\"" + got.rejected()
            + "\",\"errorMessage\":" + quote(got.firstError()) + "}}").getBytes(StandardCharsets.UTF_8)
        : answer.build().toByteArray();
    respond(ex, 200, json ? "application/json" : "application/x-protobuf", out);
  }

  private void buffer(List<Sample> got) {
    synchronized (buffer) {
      buffer.addAll(got);
      while (buffer.size() > maxBuffered) {
        buffer.removeFirst();
        bufferDrops.incrementAndGet();
      }
    }
  }

  private static byte[] read(HttpExchange ex) throws IOException {
    String enc = ex.getRequestHeaders().getFirst("Content-Encoding");
    InputStream in = ex.getRequestBody();
    if (enc != null && enc.equalsIgnoreCase("gzip")) {
      in = new GZIPInputStream(in);
    } else if (enc != null && !enc.equalsIgnoreCase("identity")) {
      throw new IOException("unsupported Content-Encoding '" + enc + "'");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16384];
    int n;
    while ((n = in.read(buf)) > 0) {
      out.write(buf, 0, n);
      if (out.size() > MAX_BODY_BYTES) {
        throw new TooLarge();
      }
    }
    return out.toByteArray();
  }

  private void refuse(HttpExchange ex, int status, Refusal why, String message, boolean json) throws IOException {
    refused.get(why).incrementAndGet();
    refuse(ex, status, message, json);
  }

  private static void refuse(HttpExchange ex, int status, String message, boolean json) throws IOException {
    // google.rpc.Code
    int code = switch (status) {
      case 401 -> 16;
      case 403 -> 7;
      case 404 -> 5;
      case 413 -> 8;
      case 429 -> 8;
      default -> 3;
    };
    if (json) {
      String body = "{\"code\":" + code + ",\"message\":" + quote(message) + "}";
      respond(ex, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    } else {
      // google.rpc.Status { int32 code = 1; string message = 2; } written by hand: the class is not on our path.
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(b);
      out.writeInt32(1, code);
      out.writeString(2, message);
      out.flush();
      respond(ex, status, "application/x-protobuf", b.toByteArray());
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static void respond(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    JdkListener.drain(ex);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      ex.getResponseBody().write(body);
    }
  }

  /** Export requests accepted, metrics and traces (a trace export may have skipped some spans). */
  public long accepted() {
    return accepted.get();
  }

  public long samplesReceived() {
    return samples.get();
  }

  /** The call learner, for its counters (read-only use: they are atomic). */
  public TraceCalls traceCalls() {
    return traceCalls;
  }

  public long bufferDrops() {
    return bufferDrops.get();
  }

  public long refused(Refusal why) {
    return refused.get(why).get();
  }

  /** Requests refused for want of a token or a role, or over the rate limit, by reason. */
  public Map<String, Long> refusedAccess() {
    return listener.refused();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static final class TooLarge extends IOException {
    TooLarge() {
      super("too large", null);
    }
  }
}
