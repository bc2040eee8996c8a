package io.sextant.common.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.ActionState;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Command;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.EventType;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Message;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.common.model.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the wire format: every message type encodes to its golden file byte for byte, and the
 * golden file decodes back to an equal record. A change that breaks a golden file breaks every
 * edge still running the older version; regenerate only on purpose (-Dgolden.update=true).
 */
class GoldenMessagesTest {
  static final Instant T = Instant.parse("2026-01-05T10:15:30Z");
  static final JsonCodec codec = JsonCodec.get();

  static Sample sample() {
    return new Sample("edge-1", "service_cpu_utilization",
        Labels.of("resource", "service:edge-1/web", "service", "edge-1/web", "node", "edge-1/n1"), T, 0.375);
  }

  static Action action() {
    return new Action(null, "edge-1", T, ActionKind.SCALE_OUT, "service:edge-1/web",
        Map.of("replicas", "7", "from", "2"), "scale-out-cpu-saturation", "det-0123456789abcdef", null);
  }

  static Stream<Arguments> messages() {
    return Stream.of(
        Arguments.of("sample-batch", SampleBatch.of("edge-1", T, List.of(sample()))),
        Arguments.of("detection", Detection.of("edge-1", T, "ewma-baseline", sample(), Detection.State.FIRING, 0.31,
            0.97)),
        Arguments.of("detection-threshold", new Detection("det-00000000000000d1", "edge-1", T, "threshold:lossy-links",
            "probe_loss_ratio", Labels.of("resource", "path:edge-1>central"), "path:edge-1>central",
            Detection.State.FIRING, 0.06, 0.05, 1.0, Severity.MAJOR)),
        Arguments.of("detection-evidence", Detection.of("edge-1", T, "auto", sample(), Detection.State.FIRING, 0.31,
            0.62).withEvidence("auto → seasonal (beside novelty, weight 0.80): period 288 points (1 day), "
                + "periodicity 0.91 ≥ 0.50; level shift 0.9 sd; noise 0.11")),
        Arguments.of("alarm", new Alarm(Alarm.idFor("path:edge-1>central", "transmissionError", T), "central", T,
            "path:edge-1>central", "transmissionError", "probe loss 12% (baseline 0.1%)",
            EventType.COMMUNICATIONS_ALARM, Severity.MAJOR, Alarm.State.RAISED, Alarm.AckState.UNACKNOWLEDGED,
            false, "alm-00000000000000aa", List.of(), T, null, 1, "ewma-baseline",
            Labels.of("src", "edge-1", "dst", "central"))),
        Arguments.of("diagnosis", new Diagnosis(null, "central", T, FaultKind.LINK_LOSS, "link:pop-1~pop-2", 0.92,
            List.of("path:edge-1>central", "path:edge-2>central"), Map.of("estimatedLoss", 0.11), "link-tomography")),
        Arguments.of("action", action()),
        Arguments.of("action-event", new ActionEvent(null, "edge-1", T, action(), ActionState.APPLIED, "done")),
        Arguments.of("command", Command.apply("edge-2", action())),
        Arguments.of("command-rollback", Command.rollback("edge-2", action(), T.plusSeconds(60))),
        Arguments.of("command-hello", Command.hello("edge-2", T)),
        Arguments.of("command-probe", Command.apply("edge-1", new io.sextant.common.action.ProbeRequest("pop-1~pop-2",
            "edge-1", "edge-3", List.of("edge-1~pop-1", "pop-1~pop-2", "edge-3~pop-2"), 20, "act-5be0c1d2a7")
            .toAction("central", T))),
        Arguments.of("command-probe-stop", Command.rollback("edge-1", new io.sextant.common.action.ProbeRequest(
            "pop-1~pop-2", "edge-1", "edge-3", List.of("edge-1~pop-1", "pop-1~pop-2", "edge-3~pop-2"), 20,
            "act-5be0c1d2a7").toAction("central", T), T.plusSeconds(600))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void encodesToTheGoldenFileAndBack(String name, Message message) throws IOException {
    String json = codec.encodeToString(message);
    String golden = golden(name, json);
    assertThat(json).isEqualTo(golden);
    assertThat(codec.decode(golden, message.getClass())).isEqualTo(message);
  }

  @Test
  void idsAreStableAcrossEncodings() {
    Detection d = Detection.of("edge-1", T, "ewma-baseline", sample(), Detection.State.FIRING, 0.31, 0.97);
    assertThat(d.id()).isEqualTo(codec.decode(codec.encode(d), Detection.class).id());
    assertThat(sample().id()).isEqualTo(Long.toHexString(sample().seriesId()) + "@" + T.toEpochMilli());
  }

  @Test
  void unknownFieldsFromANewerWriterAreIgnored() {
    String json = codec.encodeToString(action()).replaceFirst("\\{", "{\"addedInV2\":42,");
    assertThat(codec.decode(json, Action.class)).isEqualTo(action());
  }

  @Test
  void undecodableInputNamesTheTypeAndReason() {
    assertThatThrownBy(() -> codec.decode("{\"site\":", Detection.class))
        .isInstanceOf(CodecException.class).hasMessageStartingWith("cannot decode Detection: ");
    assertThatThrownBy(() -> codec.decode("{\"site\":\"x\"}", Detection.class))
        .isInstanceOf(CodecException.class).hasMessageContaining("time");
  }

  private static String golden(String name, String actual) throws IOException {
    Path file = Path.of("src/test/resources/golden", name + ".json");
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(file, actual + "\n");
    }
    try (InputStream in = GoldenMessagesTest.class.getResourceAsStream("/golden/" + name + ".json")) {
      assertThat(in).as("golden file %s (run once with -Dgolden.update=true to create it)", file).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }
}
