package io.sextant.actuator.hook;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.actuator.CallLog;
import io.sextant.actuator.Counters;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.time.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The receiver's refusals, each with its status and counter; the loop is never involved. */
class CallbackReceiverTest {
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  final List<ActionEvent> audit = new ArrayList<>();
  final Counters counters = new Counters();
  final CallbackReceiver receiver = new CallbackReceiver(URI.create("http://10.0.0.5:9180/"), clock,
      new CallLog(clock, audit::add), counters);
  final WebhookSignature sig = WebhookSignature.ofSecret(SECRET);
  final Action action = new Action(null, "edge-1", clock.instant(), ActionKind.RESTART, "node:edge-1/gw", Map.of(),
      "rb", "t", null);

  {
    receiver.register("lab", sig);
    receiver.expect(action.id(), "lab", action, "apply");
  }

  CallbackReceiver.Response post(String path, String id, Instant ts, String signature, String body) {
    Map<String, String> h = new HashMap<>();
    h.put(WebhookSignature.ID, id);
    h.put(WebhookSignature.TIMESTAMP, ts == null ? null : Long.toString(ts.getEpochSecond()));
    h.put(WebhookSignature.SIGNATURE, signature);
    return receiver.handle("POST", path, h::get, body.getBytes(StandardCharsets.UTF_8));
  }

  CallbackReceiver.Response signed(String id, Instant ts, String body) {
    return post("/hooks/lab/callback", id, ts, sig.sign(id, ts, body.getBytes(StandardCharsets.UTF_8)), body);
  }

  String outcome() {
    return "{\"id\": \"" + action.id() + "\", \"outcome\": \"failed\", \"detail\": \"no capacity\"}";
  }

  @Test
  void announcesItsUrlPerHook() {
    assertThat(receiver.urlFor("lab")).isEqualTo(URI.create("http://10.0.0.5:9180/hooks/lab/callback"));
  }

  @Test
  void refusesUnsignedStaleForgedGarbageAndUnexpectedCallbacksAndTakesOneGoodOneOnce() {
    assertThat(post("/hooks/lab/callback", "c1", null, null, outcome()).status()).isEqualTo(401);
    assertThat(signed("c2", clock.instant().minus(Duration.ofMinutes(6)), outcome()).status()).isEqualTo(401);
    assertThat(post("/hooks/lab/callback", "c3", clock.instant(), "v1,AAAA", outcome()).status()).isEqualTo(401);
    assertThat(signed("c4", clock.instant(), "not json").status()).isEqualTo(400);
    assertThat(signed("c5", clock.instant(), "{\"id\": \"act-nope\", \"outcome\": \"done\"}").status()).isEqualTo(404);
    assertThat(post("/hooks/other/callback", "c6", clock.instant(), "v1,AAAA", outcome()).status()).isEqualTo(404);
    assertThat(audit).isEmpty();

    assertThat(signed("c7", clock.instant(), outcome()).status()).isEqualTo(200);
    assertThat(audit).extracting(ActionEvent::detail).containsExactly("callback apply from hook lab: failed: no capacity");
    assertThat(signed("c7", clock.instant(), outcome()).status()).isEqualTo(409);
    assertThat(signed("c8", clock.instant(), outcome()).status()).as("one outcome per event").isEqualTo(404);
    assertThat(counters.snapshot()).containsEntry("callback_unsigned", 1L).containsEntry("callback_stale", 1L)
        .containsEntry("callback_bad_signature", 1L).containsEntry("callback_garbage", 1L)
        .containsEntry("callback_unexpected", 2L).containsEntry("callback_unknown_hook", 1L)
        .containsEntry("callback_replayed", 1L).containsEntry("callback_accepted", 1L);
  }
}
