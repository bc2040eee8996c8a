package io.sextant.actuator.hook;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.actuator.Adapter;
import io.sextant.actuator.CallLog;
import io.sextant.actuator.Counters;
import io.sextant.common.action.ActionResult;
import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.Action;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Calls one remediation hook. Each attempt is signed anew (Standard Webhooks: the same
 * {@code webhook-id}, the attempt's timestamp) and audited. A timeout, a refused connection or a
 * 5xx is retried after a doubling backoff; a 4xx is final (the hook understood and said no). The
 * hook answers {@code 200} with its outcome, {@code {"outcome": "done" | "failed", "detail": ...}},
 * or {@code 202}: accepted, the outcome comes later to the {@link CallbackReceiver}. Either way
 * the answer is only the hook's word: the action is verified on the KPI.
 */
public final class HookAdapter implements Adapter {
  /** A hook's body is read up to this many bytes: a hook is no file server. */
  static final int MAX_BODY = 64 * 1024;

  /** Waits between retries; tests pass one that does not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final HookSettings settings;
  private final WebhookSignature signature;
  private final String node;
  private final CallbackReceiver callbacks;
  private final CallLog log;
  private final Counters counters;
  private final Clock clock;
  private final Sleeper sleeper;
  private final HttpClient http;

  /**
   * @param node this node's name (the events' source)
   * @param callbacks where 202 outcomes arrive; null when this node takes no callbacks (a 202 is then
   *     accepted with no outcome to wait for)
   */
  public HookAdapter(HookSettings settings, String secret, String node, CallbackReceiver callbacks, CallLog log,
      Counters counters, Clock clock, Sleeper sleeper) throws IOException {
    this.settings = settings;
    this.signature = WebhookSignature.ofSecret(secret);
    this.node = node;
    this.callbacks = callbacks;
    this.log = log;
    this.counters = counters;
    this.clock = clock;
    this.sleeper = sleeper;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(settings.timeout())
        .followRedirects(HttpClient.Redirect.NEVER);
    if (settings.trust() != null) {
      b.sslContext(Tls.trusting(settings.trust()));
    }
    this.http = b.build();
    if (callbacks != null) {
      callbacks.register(settings.name(), signature);
    }
  }

  public String name() {
    return settings.name();
  }

  @Override
  public ActionResult apply(Action action, String name) {
    return deliver(action, false);
  }

  @Override
  public ActionResult undo(Action action, String name) {
    return deliver(action, true);
  }

  private ActionResult deliver(Action action, boolean rollback) {
    String op = rollback ? "rollback" : "apply";
    String id = HookEvent.id(action, rollback);
    URI callback = callbacks == null ? null : callbacks.urlFor(settings.name());
    byte[] body = HookEvent.json(action, rollback, node, callback, clock.instant());
    String who = "hook " + settings.name();
    Duration wait = settings.backoff();
    String last = "no attempt";
    for (int attempt = 1; attempt <= settings.retries() + 1; attempt++) {
      String call = who + " " + op + "#" + attempt;
      if (callbacks != null) {
        callbacks.expect(id, settings.name(), action, op); // before the request: the callback may beat the answer
      }
      HttpResponse<byte[]> r;
      try {
        r = http.send(request(id, body), HttpResponse.BodyHandlers.ofByteArray());
      } catch (HttpTimeoutException e) {
        last = "no answer within " + settings.timeout();
        counters.count("hook_timeout");
        log.record(action, call, "POST " + settings.url() + ": " + last);
        if (!backoff(wait)) {
          break;
        }
        wait = wait.multipliedBy(2);
        continue;
      } catch (IOException e) {
        last = "cannot reach " + settings.url() + ": " + e;
        counters.count("hook_unreachable");
        log.record(action, call, last);
        if (!backoff(wait)) {
          break;
        }
        wait = wait.multipliedBy(2);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel(id);
        return ActionResult.failed(who + " " + op + ": interrupted", true);
      }
      int status = r.statusCode();
      String text = snippet(r.body());
      log.record(action, call, "POST " + settings.url() + " -> " + status + (text.isEmpty() ? "" : " " + text));
      if (status == 202) {
        if (callbacks == null) {
          return ActionResult.ok(who + " accepted the " + op + " (this node takes no callbacks: no outcome expected)");
        }
        return ActionResult.ok(who + " accepted the " + op + "; its outcome comes by callback");
      }
      cancel(id);
      if (status >= 500) {
        last = "answered " + status;
        counters.count("hook_5xx");
        if (!backoff(wait)) {
          break;
        }
        wait = wait.multipliedBy(2);
        continue;
      }
      if (status == 200) {
        return outcome(who, op, r.body());
      }
      counters.count(status >= 400 && status < 500 ? "hook_refused" : "hook_bad_status");
      return ActionResult.failed(who + " refused the " + op + ": " + status + (text.isEmpty() ? "" : " " + text), false);
    }
    cancel(id);
    counters.count("hook_gave_up");
    return ActionResult.failed(who + " " + op + ": gave up after " + (settings.retries() + 1) + " attempts: " + last,
        true);
  }

  private void cancel(String id) {
    if (callbacks != null) {
      callbacks.cancel(id);
    }
  }

  private HttpRequest request(String id, byte[] body) {
    Instant now = clock.instant();
    return HttpRequest.newBuilder(settings.url())
        .timeout(settings.timeout())
        .header("Content-Type", "application/cloudevents+json; charset=utf-8")
        .header(WebhookSignature.ID, id)
        .header(WebhookSignature.TIMESTAMP, Long.toString(now.getEpochSecond()))
        .header(WebhookSignature.SIGNATURE, signature.sign(id, now, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  /** A 200's body: the hook's outcome; anything else is garbage, failed without a retry (the hook may have acted). */
  private ActionResult outcome(String who, String op, byte[] body) {
    JsonNode n;
    try {
      n = body.length > MAX_BODY ? null : JsonCodec.get().mapper().readTree(body);
    } catch (IOException e) {
      n = null;
    }
    String outcome = n == null ? null : n.path("outcome").asText(null);
    String detail = n == null ? "" : n.path("detail").asText("");
    if ("done".equals(outcome)) {
      return ActionResult.ok(who + " " + op + " done" + (detail.isEmpty() ? "" : ": " + detail));
    }
    if ("failed".equals(outcome)) {
      counters.count("hook_failed");
      return ActionResult.failed(who + " " + op + " failed: " + detail, n.path("retryable").asBoolean(false));
    }
    counters.count("hook_garbage");
    return ActionResult.failed(who + " answered 200 without an outcome (want {\"outcome\": \"done\" | \"failed\"}): "
        + snippet(body), false);
  }

  private boolean backoff(Duration d) {
    try {
      sleeper.sleep(d);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static String snippet(byte[] body) {
    String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
    return body.length > 200 ? s + "..." : s;
  }
}
