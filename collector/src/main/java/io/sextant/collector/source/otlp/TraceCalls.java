package io.sextant.collector.source.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.sextant.common.model.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Learns which service calls which from spans: a span whose parent belongs to another service is
 * one call {@code caller → callee} (the caller depends on the callee). Services are named
 * {@code <site>/<service.name>}, as the metrics receiver names them, so the centre can match the
 * calls with the topology's service ids.
 *
 * <p>A parent and its child often come in different exports (each service exports its own spans),
 * so spans are remembered by trace and span id for the current and the previous collector window,
 * and a child whose parent has not come yet waits as long for it. Both are bounded by
 * {@code maxSpans} (the excess is counted, not remembered). Calls are counted per window and per
 * edge; at most {@code maxEdges} distinct edges a window are kept, the calls of the others are
 * counted as dropped, so a misbehaving exporter cannot blow up the series the edge uploads.
 *
 * <p>Not thread-safe: the receiver calls it from its one request thread and from the collector's
 * window, under its own lock.
 */
public final class TraceCalls {
  /** The per-window call count the edge uploads: labels {@code caller}, {@code callee} and the caller's resource. */
  public static final String METRIC = "service_calls";
  public static final int DEFAULT_MAX_SPANS = 100_000;
  public static final int DEFAULT_MAX_EDGES = 1_000;
  private static final int TRACE_ID_BYTES = 16;
  private static final int SPAN_ID_BYTES = 8;

  /** Why a span was skipped; the counter's label. */
  public enum Rejection {
    NO_SERVICE_NAME,
    BAD_TRACE_ID,
    BAD_SPAN_ID,
    BAD_PARENT_SPAN_ID
  }

  /** What one export gave: spans taken, and the rejected ones with the first reason (for partial_success). */
  public record Outcome(int accepted, int rejected, String firstError) {}

  private record SpanKey(ByteString trace, ByteString span) {}

  private record Edge(String caller, String callee) {}

  private final String site;
  private final int maxSpans;
  private final int maxEdges;
  private Map<SpanKey, String> spans = new HashMap<>();
  private Map<SpanKey, String> previousSpans = new HashMap<>();
  /** Children waiting for their parent: the parent's key → the children's services. */
  private Map<SpanKey, List<String>> waiting = new HashMap<>();
  private Map<SpanKey, List<String>> previousWaiting = new HashMap<>();
  private final Map<Edge, Long> calls = new TreeMap<>(
      (a, b) -> a.caller().equals(b.caller()) ? a.callee().compareTo(b.callee()) : a.caller().compareTo(b.caller()));
  private final Map<Rejection, AtomicLong> rejected = new EnumMap<>(Rejection.class);
  private final AtomicLong spansTaken = new AtomicLong();
  private final AtomicLong spansForgotten = new AtomicLong();
  private final AtomicLong callsDropped = new AtomicLong();
  private final AtomicLong callsCounted = new AtomicLong();

  public TraceCalls(String site, int maxSpans, int maxEdges) {
    if (maxSpans <= 0 || maxEdges <= 0) {
      throw new IllegalArgumentException("maxSpans and maxEdges must be > 0, got " + maxSpans + ", " + maxEdges);
    }
    this.site = site;
    this.maxSpans = maxSpans;
    this.maxEdges = maxEdges;
    for (Rejection r : Rejection.values()) {
      rejected.put(r, new AtomicLong());
    }
  }

  public TraceCalls(String site) {
    this(site, DEFAULT_MAX_SPANS, DEFAULT_MAX_EDGES);
  }

  /** Takes one export's spans; a bad span is skipped and counted, the good ones beside it are kept. */
  public Outcome add(ExportTraceServiceRequest request) {
    int ok = 0;
    int bad = 0;
    String firstError = null;
    for (int r = 0; r < request.getResourceSpansCount(); r++) {
      ResourceSpans rs = request.getResourceSpans(r);
      String service = serviceName(rs.getResource().getAttributesList());
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (int i = 0; i < ss.getSpansCount(); i++) {
          Span s = ss.getSpans(i);
          Rejection why = service == null ? Rejection.NO_SERVICE_NAME : check(s);
          if (why != null) {
            rejected.get(why).incrementAndGet();
            if (firstError == null) {
              firstError = "resourceSpans[" + r + "]: " + message(why);
            }
            bad++;
            continue;
          }
          span(s, site + "/" + service);
          ok++;
        }
      }
    }
    spansTaken.addAndGet(ok);
    return new Outcome(ok, bad, firstError);
  }

  private static String message(Rejection why) {
    return switch (why) {
      case NO_SERVICE_NAME -> "the resource has no service.name attribute; its spans are skipped";
      case BAD_TRACE_ID -> "a span's traceId is not 16 bytes, or all zero";
      case BAD_SPAN_ID -> "a span's spanId is not 8 bytes, or all zero";
      case BAD_PARENT_SPAN_ID -> "a span's parentSpanId is neither empty nor 8 bytes";
    };
  }

  private static Rejection check(Span s) {
    if (s.getTraceId().size() != TRACE_ID_BYTES || zero(s.getTraceId())) {
      return Rejection.BAD_TRACE_ID;
    }
    if (s.getSpanId().size() != SPAN_ID_BYTES || zero(s.getSpanId())) {
      return Rejection.BAD_SPAN_ID;
    }
    if (!s.getParentSpanId().isEmpty() && s.getParentSpanId().size() != SPAN_ID_BYTES) {
      return Rejection.BAD_PARENT_SPAN_ID;
    }
    return null;
  }

  private static boolean zero(ByteString b) {
    for (int i = 0; i < b.size(); i++) {
      if (b.byteAt(i) != 0) {
        return false;
      }
    }
    return true;
  }

  private static String serviceName(List<KeyValue> attributes) {
    for (KeyValue kv : attributes) {
      if (kv.getKey().equals("service.name") && kv.getValue().hasStringValue()
          && !kv.getValue().getStringValue().isBlank()) {
        return kv.getValue().getStringValue();
      }
    }
    return null;
  }

  private void span(Span s, String service) {
    SpanKey self = new SpanKey(s.getTraceId(), s.getSpanId());
    if (spans.size() < maxSpans) {
      spans.put(self, service);
    } else {
      spansForgotten.incrementAndGet();
    }
    // Children that came first and waited for this span.
    for (Map<SpanKey, List<String>> w : List.of(waiting, previousWaiting)) {
      List<String> children = w.remove(self);
      if (children != null) {
        children.forEach(child -> call(service, child));
      }
    }
    if (s.getParentSpanId().isEmpty() || zero(s.getParentSpanId())) {
      return; // a root span: called by no traced service
    }
    SpanKey parent = new SpanKey(s.getTraceId(), s.getParentSpanId());
    String caller = spans.getOrDefault(parent, previousSpans.get(parent));
    if (caller != null) {
      call(caller, service);
    } else if (waiting.size() < maxSpans) {
      waiting.computeIfAbsent(parent, k -> new ArrayList<>(1)).add(service);
    } else {
      spansForgotten.incrementAndGet();
    }
  }

  private void call(String caller, String callee) {
    if (caller.equals(callee)) {
      return; // a call inside one service says nothing about dependencies
    }
    Edge e = new Edge(caller, callee);
    if (calls.size() >= maxEdges && !calls.containsKey(e)) {
      callsDropped.incrementAndGet();
      return;
    }
    calls.merge(e, 1L, Long::sum);
    callsCounted.incrementAndGet();
  }

  /**
   * The calls counted since the previous window, as one {@value #METRIC} sample per edge at
   * {@code windowEnd}; spans older than the previous window are forgotten.
   */
  public List<Sample> collect(Instant windowEnd) {
    List<Sample> out = new ArrayList<>(calls.size());
    calls.forEach((e, n) -> out.add(new Sample(site, METRIC,
        Map.of("caller", e.caller(), "callee", e.callee(), Sample.RESOURCE, "service:" + e.caller()), windowEnd, n)));
    calls.clear();
    previousSpans = spans;
    spans = new HashMap<>();
    previousWaiting = waiting;
    waiting = new HashMap<>();
    return out;
  }

  public long rejected(Rejection why) {
    return rejected.get(why).get();
  }

  public long spansTaken() {
    return spansTaken.get();
  }

  /** Spans not remembered because {@code maxSpans} were already held: their calls may be missed. */
  public long spansForgotten() {
    return spansForgotten.get();
  }

  public long callsCounted() {
    return callsCounted.get();
  }

  /** Calls on edges beyond {@code maxEdges} in their window. */
  public long callsDropped() {
    return callsDropped.get();
  }
}
