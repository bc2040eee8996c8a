package io.sextant.collector.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.collector.outbox.Outbox;
import io.sextant.collector.outbox.OutboxConfig;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.model.UploadPolicy;
import io.sextant.common.model.UploadPolicy.Mode;
import io.sextant.common.model.UploadPolicy.Rule;
import io.sextant.common.time.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local repair's audit events under the upload policy: the same tokens as the data, details of local-only resources withheld. */
class ActionEventRedactionTest {
  static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  static final String SITE = "edge-1";
  static final String WEB = "service:edge-1/web";
  static final String IMS = "service:edge-1/ims";

  @TempDir Path dir;
  Outbox outbox;
  UploadPolicyEngine engine;

  @BeforeEach
  void open() {
    outbox = new Outbox(OutboxConfig.defaults(dir.resolve("outbox.db")), new MutableClock(T0));
    engine = new UploadPolicyEngine(SITE, outbox);
  }

  @AfterEach
  void close() {
    outbox.close();
  }

  static Sample sample(String metric, String resource, double v, String... more) {
    Map<String, String> labels = new java.util.TreeMap<>(Labels.of(more));
    labels.put("resource", resource);
    return new Sample(SITE, metric, labels, T0, v);
  }

  /** A step of a scale-out as local repair writes it: params, and a detail quoting the resource both ways. */
  static ActionEvent scaleOut(String resource, Detection trigger, Map<String, String> params, ActionState state,
      String detail) {
    Action a = new Action(null, SITE, T0, ActionKind.SCALE_OUT, resource, params, "scale-out-on-cpu", trigger.id(),
        resource);
    return new ActionEvent(null, SITE, T0.plusSeconds(1), a, state, detail);
  }

  static UploadPolicy policy(List<Rule> rules, List<String> redact) {
    return new UploadPolicy(null, SITE, T0, 1, Mode.RAW, rules, redact, null);
  }

  @Test
  void withoutAPolicyOrAnythingToRedactAnEventGoesUpAsItIs() {
    Sample cpu = sample("host_cpu", WEB, 0.97);
    Detection d = Detection.of(SITE, T0, "baseline", cpu, Detection.State.FIRING, 0.4, 9);
    ActionEvent e = scaleOut(WEB, d, Map.of("replicas", "3", "from", "2"), ActionState.APPLIED,
        WEB + " replicas 2 -> 3");
    assertThat(engine.redact(e)).isSameAs(e);
    engine.accept(policy(List.of(), List.of("imsi")));
    engine.filter(T0, List.of(cpu), List.of(d));
    assertThat(engine.redact(e)).isSameAs(e);
    assertThat(engine.actionEvents()).isEqualTo(2);
    assertThat(engine.actionEventsRedacted()).isZero();
  }

  @Test
  void aRedactedResourceGetsTheSameTokenInTheActionAsInItsSeriesAndDetection() {
    engine.accept(policy(List.of(), List.of("resource", "imsi")));
    Sample cpu = sample("host_cpu", WEB, 0.97);
    Detection d = Detection.of(SITE, T0, "baseline", cpu, Detection.State.FIRING, 0.4, 9);
    Upload up = engine.filter(T0, List.of(cpu), List.of(d));
    String token = up.samples().get(0).resource();
    assertThat(token).matches("h_[0-9a-f]{16}").isEqualTo(up.detections().get(0).resource());

    ActionEvent proposed = scaleOut(WEB, d, Map.of("replicas", "3", "from", "2", "imsi", "001010123456789"),
        ActionState.PROPOSED, "runbook scale-out-on-cpu for " + WEB + " (trigger " + d.id() + "), blast radius 1");
    ActionEvent applied = scaleOut(WEB, d, Map.of("replicas", "3", "from", "2"), ActionState.APPLIED,
        "edge-1/web scaled: " + WEB + " replicas 2 -> 3");
    ActionEvent p = engine.redact(proposed);
    ActionEvent a = engine.redact(applied);

    assertThat(p.action().target()).isEqualTo(token);
    assertThat(p.action().verifyResource()).isEqualTo(token);
    assertThat(p.action().params()).containsEntry("replicas", "3").containsEntry("from", "2");
    // A parameter named like a redacted label is hashed as that label is.
    Sample sub = sample("subscriber_bytes", IMS, 1, "imsi", "001010123456789");
    String imsiToken = engine.filter(T0, List.of(sub), List.of()).samples().get(0).labels().get("imsi");
    assertThat(p.action().params()).containsEntry("imsi", imsiToken);
    assertThat(p.detail()).isEqualTo("runbook scale-out-on-cpu for " + token + " (trigger " + d.id()
        + "), blast radius 1");
    assertThat(a.detail()).isEqualTo(token + " scaled: " + token + " replicas 2 -> 3");
    // Ids stay: the centre deduplicates on them, and the trigger is the uploaded detection's id.
    assertThat(p.id()).isEqualTo(proposed.id());
    assertThat(p.action().id()).isEqualTo(proposed.action().id());
    assertThat(p.action().trigger()).isEqualTo(up.detections().get(0).id());
    assertThat(List.of(p, a)).allSatisfy(x -> assertThat(x.toString()).doesNotContain("edge-1/web", "001010123456789"));
    assertThat(engine.actionEventsRedacted()).isEqualTo(2);
    assertThat(engine.actionDetailsWithheld()).isZero();
  }

  @Test
  void anActionOnAResourceWithLocalOnlySeriesGoesUpWithoutItsDetail() {
    engine.accept(policy(List.of(new Rule("subscriber_*", Map.of(), Mode.LOCAL_ONLY)), List.of()));
    Sample cpu = sample("host_cpu", WEB, 0.97);
    Sample sub = sample("subscriber_sessions", IMS, 9000);
    Detection onWeb = Detection.of(SITE, T0, "baseline", cpu, Detection.State.FIRING, 0.4, 9);
    Detection onIms = Detection.of(SITE, T0, "baseline", sub, Detection.State.FIRING, 4000, 9);
    ActionEvent web = scaleOut(WEB, onWeb, Map.of("replicas", "3"), ActionState.APPLIED, WEB + " replicas 2 -> 3");
    ActionEvent ims = scaleOut(IMS, onIms, Map.of("replicas", "5"), ActionState.APPLIED,
        "9000 sessions vs 4000: " + IMS + " replicas 2 -> 5");

    // Before a window under this policy the edge does not know which resources are local-only: it withholds.
    assertThat(engine.redact(web).detail()).isEqualTo(ActionEventRedactor.WITHHELD);

    engine.filter(T0, List.of(cpu, sub), List.of(onWeb, onIms));
    assertThat(engine.redact(web)).isSameAs(web);
    ActionEvent up = engine.redact(ims);
    assertThat(up.detail()).isEqualTo(ActionEventRedactor.WITHHELD);
    // What the edge did still goes up: the action, its target, its parameters, its state.
    assertThat(up.action()).isEqualTo(ims.action());
    assertThat(up.state()).isEqualTo(ActionState.APPLIED);
    assertThat(up.id()).isEqualTo(ims.id());
    assertThat(engine.actionDetailsWithheld()).isEqualTo(2);

    // A new policy that keeps nothing local: nothing is withheld any more, and nothing is learnt.
    engine.accept(new UploadPolicy(null, SITE, T0, 2, Mode.RAW, List.of(), List.of(), null));
    assertThat(engine.redact(ims)).isSameAs(ims);
  }

  @Test
  void substitutionIsOnePassLongestFirst() {
    Map<String, String> replaced = Map.of(WEB, "h_00000000000003aa", "edge-1/web", "h_00000000000003aa", "3", "h_3");
    assertThat(ActionEventRedactor.substitute(WEB + " (edge-1/web) x3", replaced))
        .isEqualTo("h_00000000000003aa (h_00000000000003aa) xh_3");
  }
}
