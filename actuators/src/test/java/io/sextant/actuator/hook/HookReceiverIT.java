package io.sextant.actuator.hook;

import static io.sextant.actuator.hook.NodeReceiver.kind;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.actuator.AdapterSet;
import io.sextant.actuator.ActuatorDispatcher;
import io.sextant.actuator.CallLog;
import io.sextant.actuator.Counters;
import io.sextant.common.action.ActionResult;
import io.sextant.common.action.Step;
import io.sextant.common.action.UnwiredActuator;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.time.MutableClock;
import io.sextant.runbook.execute.ActionExecutor;
import io.sextant.runbook.execute.ResourceHealth;
import io.sextant.runbook.guard.Guard;
import io.sextant.runbook.load.RunbookLoader;
import io.sextant.runbook.model.Runbook;
import io.sextant.runbook.plan.Planners;
import io.sextant.runbook.plan.TriggerContext;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hook adapter against a real receiver: {@code receiver.js}, on Node, checks every signature
 * with the reference {@code standardwebhooks} package, answers as each action's {@code mode} says,
 * and sends its late outcomes signed to this node's {@link CallbackReceiver} on the JDK's HTTP
 * server.
 */
class HookReceiverIT {
  static final String SECRET = secret();
  static NodeReceiver receiver;
  static CallbackServer server;
  static CallbackReceiver callbacks;
  static final List<ActionEvent> audit = new CopyOnWriteArrayList<>();
  static final Counters counters = new Counters();
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    receiver = new NodeReceiver(SECRET, secret());
    server = new CallbackServer(new InetSocketAddress("127.0.0.1", 0));
    callbacks = new CallbackReceiver(URI.create("http://127.0.0.1:" + server.port()), Clock.systemUTC(),
        new CallLog(Clock.systemUTC(), audit::add), counters);
    server.mount(callbacks);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    receiver.close();
  }

  static String secret() {
    byte[] key = new byte[24];
    new SecureRandom().nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  static HookAdapter hook(Duration timeout, int retries) throws Exception {
    Path file = Files.writeString(dir.resolve("lab-" + System.nanoTime() + ".whsec"), SECRET);
    return new HookAdapter(new HookSettings("lab", receiver.url, file, null, timeout, retries, Duration.ofMillis(20)),
        SECRET, "central", callbacks, new CallLog(Clock.systemUTC(), audit::add), counters, Clock.systemUTC(),
        d -> Thread.sleep(d.toMillis()));
  }

  static Action action(String mode, String target) {
    return new Action(null, "central", Instant.now(), ActionKind.REROUTE, target, Map.of("avoid", "l-2", "mode", mode),
        "reroute-lossy-link-sdn", "dia-" + mode + System.nanoTime(), null);
  }

  static List<String> calls(Action a) {
    return audit.stream().filter(e -> e.action().id().equals(a.id()) && e.state() == ActionState.CALL)
        .map(ActionEvent::detail).toList();
  }

  @Test
  void theReferencePackageVerifiesEveryDeliveryAndARetryKeepsTheActionsId() throws Exception {
    Action a = action("fail-once", "link:l-2");
    ActionResult r = hook(Duration.ofSeconds(5), 2).apply(a, "lab");
    assertThat(r.ok()).as(r.detail()).isTrue();
    assertThat(r.detail()).isEqualTo("hook lab apply done: io.sextant.action.apply link:l-2");
    List<JsonNode> deliveries = receiver.settled(n -> kind("delivery").test(n) && n.path("id").asText().equals(a.id()),
        2);
    assertThat(deliveries).hasSize(2)
        .allSatisfy(d -> assertThat(d.path("webhookId").asText()).isEqualTo(a.id()))
        .allSatisfy(d -> assertThat(d.path("type").asText()).isEqualTo(HookEvent.APPLY));
    assertThat(receiver.settled(n -> kind("applied").test(n) && n.path("id").asText().equals(a.id()), 1)).hasSize(1);
    assertThat(receiver.all(kind("refused"))).isEmpty();
    assertThat(calls(a)).hasSize(2);
    assertThat(calls(a).get(0)).startsWith("hook lab apply#1: POST " + receiver.url + " -> 503");
    assertThat(calls(a).get(1)).startsWith("hook lab apply#2: POST " + receiver.url + " -> 200");
  }

  @Test
  void anAcceptedActionsOutcomeComesSignedByCallbackAndForgedOrReplayedCallbacksAreRefused() throws Exception {
    long badBefore = counters.get("callback_bad_signature");
    long replayedBefore = counters.get("callback_replayed");
    Action a = action("callback", "link:l-3");
    ActionResult r = hook(Duration.ofSeconds(5), 0).apply(a, "lab");
    assertThat(r.detail()).isEqualTo("hook lab accepted the apply; its outcome comes by callback");
    JsonNode forged = receiver.await(n -> kind("callback").test(n) && n.path("attempt").asText().equals("forged"));
    JsonNode signed = receiver.await(n -> kind("callback").test(n) && n.path("attempt").asText().equals("signed"));
    JsonNode replayed = receiver.await(n -> kind("callback").test(n) && n.path("attempt").asText().equals("replayed"));
    assertThat(forged.path("status").asInt()).isEqualTo(401);
    assertThat(signed.path("status").asInt()).isEqualTo(200);
    assertThat(replayed.path("status").asInt()).isEqualTo(409);
    assertThat(calls(a)).contains("callback apply from hook lab: done: applied by the receiver");
    assertThat(counters.get("callback_bad_signature")).isEqualTo(badBefore + 1);
    assertThat(counters.get("callback_replayed")).isEqualTo(replayedBefore + 1);
    assertThat(callbacks.pending()).isZero();
  }

  @Test
  void garbageAHangAndARefusalFailWithAClearReasonAndAreCounted() throws Exception {
    ActionResult garbage = hook(Duration.ofSeconds(5), 2).apply(action("garbage", "link:l-4"), "lab");
    assertThat(garbage.ok()).isFalse();
    assertThat(garbage.retryable()).isFalse();
    assertThat(garbage.detail()).contains("answered 200 without an outcome").contains("<html>OK</html>");

    Action refused = action("refuse", "link:l-5");
    ActionResult no = hook(Duration.ofSeconds(5), 2).apply(refused, "lab");
    assertThat(no.retryable()).isFalse();
    assertThat(no.detail()).isEqualTo("hook lab refused the apply: 400 unknown target link:l-5");
    assertThat(receiver.settled(n -> n.path("id").asText().equals(refused.id()), 1)).as("a 4xx is not retried")
        .hasSize(1);

    long timeouts = counters.get("hook_timeout");
    Action hung = action("hang", "link:l-6");
    // Long enough for the receiver (another process, on a busy machine) to read and log each
    // attempt before the caller gives up on it: the test counts the attempts it logged.
    ActionResult hang = hook(Duration.ofSeconds(2), 1).apply(hung, "lab");
    assertThat(hang.ok()).isFalse();
    assertThat(hang.retryable()).isTrue();
    assertThat(hang.detail()).isEqualTo("hook lab apply: gave up after 2 attempts: no answer within PT2S");
    assertThat(counters.get("hook_timeout")).isEqualTo(timeouts + 2);
    assertThat(receiver.settled(n -> kind("delivery").test(n) && n.path("id").asText().equals(hung.id()), 2))
        .extracting(n -> n.path("webhookId").asText()).containsExactly(hung.id(), hung.id());
    assertThat(counters.get("hook_garbage")).isPositive();
    assertThat(counters.get("hook_refused")).isPositive();
  }

  @Test
  void aReceiverThatAnswers200WithoutChangingAnythingFailsVerificationAndIsRolledBackThroughTheHook() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    ResourceHealth health = new ResourceHealth();
    List<ActionEvent> lifecycle = new CopyOnWriteArrayList<>();
    ActuatorDispatcher actuator = new ActuatorDispatcher(new AdapterSet().hook("lab", hook(Duration.ofSeconds(5), 1),
        List.of("*")), List.of(), new UnwiredActuator(null), () -> TOPOLOGY, counters);
    ActionExecutor executor = new ActionExecutor(clock, actuator, new Guard(clock), health, Planners.all(n -> true),
        lifecycle::add);
    Runbook runbook = RunbookLoader.parse("reroute-sdn.yaml", """
        id: reroute-lossy-link-sdn
        scope: central
        trigger: {diagnosis: LINK_LOSS}
        action: {kind: BANDWIDTH, options: {baseMbps: 100, burstMbps: 1000}}
        steps: [{hook: lab}]
        verify: {kpi: [link_loss_ratio], within: 20s, stableFor: 5s}
        """);
    String link = "link:l-7";
    health.onDetection(new Detection(null, "central", clock.instant(), "ewma", "link_loss_ratio",
        Labels.of("resource", link), link, Detection.State.FIRING, 0.05, 0.001, 9));
    Action a = executor.handle(runbook, new TriggerContext("dia-7", "central", clock.instant(), link, 0.05, 0.001,
        List.of())).orElseThrow();
    assertThat(Step.of(a)).containsExactly(new Step(Step.Adapter.HOOK, "lab"));
    for (int s = 0; s < 25; s += 5) { // the loss goes on: the hook's 200 changed nothing
      clock.advance(Duration.ofSeconds(5));
      health.onSamples(List.of(new Sample("central", "link_loss_ratio", Labels.of("resource", link), clock.instant(),
          0.05)));
      executor.tick();
    }
    assertThat(lifecycle).extracting(ActionEvent::state).containsExactly(ActionState.PROPOSED, ActionState.APPROVED,
        ActionState.APPLIED, ActionState.ROLLED_BACK);
    assertThat(lifecycle.get(2).detail()).startsWith("hook lab apply done");
    assertThat(lifecycle.get(3).detail()).contains("not recovered within PT20S").contains("hook lab rollback done");
    JsonNode rollback = receiver.await(n -> kind("delivery").test(n) && n.path("id").asText().equals(a.id() + "/rollback"));
    assertThat(rollback.path("type").asText()).isEqualTo(HookEvent.ROLLBACK);
    assertThat(rollback.path("webhookId").asText()).isEqualTo(a.id() + "/rollback");
    Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> calls(a).size() == 2);
  }

  static final io.sextant.common.topology.Topology TOPOLOGY = UnwiredActuator.empty();
}
