package io.sextant.actuator.hook;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.actuator.CallLog;
import io.sextant.actuator.Counters;
import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.Action;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Takes the outcomes hooks report after answering {@code 202}: {@code POST
 * <base>/hooks/<hook>/callback} with {@code {"id": "<event id>", "outcome": "done" | "failed",
 * "detail": "..."}}, signed with that hook's secret as Standard Webhooks sign. Refused and
 * counted: an unsigned, badly signed or stale callback (401), a replayed {@code webhook-id} (409),
 * a body that is no outcome (400), an outcome for an event this node is not waiting for (404). An
 * accepted outcome goes into the audit; it is not the repair (the KPI is verified). A plain handler,
 * framework-free: {@link CallbackServer} mounts it on the JDK's HTTP server, and the centre's HTTP
 * server can mount it the same way. Thread-safe.
 */
public final class CallbackReceiver {
  /** The path prefix the receiver answers under. */
  public static final String PREFIX = "/hooks/";
  private static final String SUFFIX = "/callback";

  /** What to answer. */
  public record Response(int status, String body) {}

  private record Expected(String hook, Action action, String op) {}

  private final URI base;
  private final Clock clock;
  private final CallLog log;
  private final Counters counters;
  private final Map<String, WebhookSignature> hooks = new ConcurrentHashMap<>();
  private final Map<String, Expected> expected = new ConcurrentHashMap<>();
  /** webhook-ids accepted within the tolerance window: a replay of one is refused. */
  private final Map<String, Instant> seen = new LinkedHashMap<>();

  /** @param base the URL hooks reach this receiver at (its public address), e.g. {@code http://10.0.0.5:9180} */
  public CallbackReceiver(URI base, Clock clock, CallLog log, Counters counters) {
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    this.clock = clock;
    this.log = log;
    this.counters = counters;
  }

  void register(String hook, WebhookSignature signature) {
    hooks.put(hook, signature);
  }

  /** Where hook {@code hook} reports late outcomes. */
  public URI urlFor(String hook) {
    return URI.create(base + PREFIX + hook + SUFFIX);
  }

  void expect(String eventId, String hook, Action action, String op) {
    expected.put(eventId, new Expected(hook, action, op));
  }

  void cancel(String eventId) {
    expected.remove(eventId);
  }

  /** Events whose outcome has not come yet. */
  public int pending() {
    return expected.size();
  }

  /**
   * Handles one request.
   *
   * @param header a request header by lower-case name, or null
   */
  public Response handle(String method, String path, Function<String, String> header, byte[] body) {
    if (!"POST".equals(method)) {
      return new Response(405, "POST only");
    }
    if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX)) {
      return refuse("callback_unknown_hook", 404, "no such callback: " + path);
    }
    String hook = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
    WebhookSignature sig = hooks.get(hook);
    if (sig == null) {
      return refuse("callback_unknown_hook", 404, "no hook named '" + hook + "'");
    }
    if (body.length > HookAdapter.MAX_BODY) {
      return refuse("callback_garbage", 413, "body over " + HookAdapter.MAX_BODY + " bytes");
    }
    String id = header.apply(WebhookSignature.ID);
    Instant now = clock.instant();
    Optional<String> no = sig.refusal(id, header.apply(WebhookSignature.TIMESTAMP),
        header.apply(WebhookSignature.SIGNATURE), body, now);
    if (no.isPresent()) {
      String reason = no.get();
      return refuse(reason.startsWith("unsigned") ? "callback_unsigned" : reason.startsWith("stale")
          ? "callback_stale" : "callback_bad_signature", 401, reason);
    }
    synchronized (seen) {
      seen.values().removeIf(t -> t.isBefore(now.minus(WebhookSignature.TOLERANCE.multipliedBy(2))));
      if (seen.containsKey(id)) {
        return refuse("callback_replayed", 409, "replayed: " + WebhookSignature.ID + " " + id + " was taken at "
            + seen.get(id));
      }
      seen.put(id, now);
    }
    JsonNode n;
    try {
      n = JsonCodec.get().mapper().readTree(body);
    } catch (IOException e) {
      n = null;
    }
    String event = n == null ? null : n.path("id").asText(null);
    String outcome = n == null ? null : n.path("outcome").asText(null);
    if (event == null || !("done".equals(outcome) || "failed".equals(outcome))) {
      return refuse("callback_garbage", 400, "want {\"id\": \"<event id>\", \"outcome\": \"done\" | \"failed\", "
          + "\"detail\": \"...\"}, got: " + HookAdapter.snippet(body));
    }
    Expected e = expected.get(event);
    if (e == null || !e.hook().equals(hook)) {
      return refuse("callback_unexpected", 404, "no " + hook + " event " + event + " awaits an outcome");
    }
    expected.remove(event);
    counters.count("callback_accepted");
    log.record(e.action(), "callback " + e.op() + " from hook " + hook, outcome
        + (n.path("detail").asText("").isEmpty() ? "" : ": " + n.path("detail").asText()));
    return new Response(200, "{\"accepted\": true}");
  }

  private Response refuse(String counter, int status, String reason) {
    counters.count(counter);
    return new Response(status, reason);
  }
}
