package io.sextant.alarm.silence.persist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.common.match.Matcher;
import io.sextant.alarm.silence.MaintenanceWindow;
import io.sextant.alarm.silence.Silence;
import java.io.IOException;
import java.io.InputStream;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The stored JSON is a storage format: rows written by this version must keep loading. */
class SuppressionDocsTest {
  static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
  static final Silence SILENCE = new Silence("s-1", List.of(Matcher.parse("site=edge-1"),
      Matcher.parse("alertname=~Disk.*"), Matcher.parse("severity!=critical")), T0, T0.plusSeconds(3600),
      "noc-anna", "disk swap");
  static final MaintenanceWindow NIGHTLY = MaintenanceWindow.recurring("nightly",
      List.of(Matcher.parse("site!~central|core")), LocalTime.of(1, 30), Duration.ofHours(2),
      ZoneId.of("Europe/Paris"), Set.of(DayOfWeek.SUNDAY, DayOfWeek.SATURDAY), "upgrades");
  static final MaintenanceWindow ONCE = MaintenanceWindow.once("swap", List.of(Matcher.parse("resource=node-7")),
      T0, T0.plusSeconds(600), "");

  @Test
  void encodesAsTheGoldenFileAndDecodesBack() throws IOException {
    ObjectMapper json = new ObjectMapper();
    var golden = json.readTree(read("golden/suppression-docs.json"));

    assertThat(json.readTree(SuppressionDocs.encode(SILENCE))).isEqualTo(golden.get("silence"));
    assertThat(json.readTree(SuppressionDocs.encode(NIGHTLY))).isEqualTo(golden.get("recurring"));
    assertThat(json.readTree(SuppressionDocs.encode(ONCE))).isEqualTo(golden.get("once"));
    assertThat(SuppressionDocs.silence(golden.get("silence").toString())).isEqualTo(SILENCE);
    assertThat(SuppressionDocs.window(golden.get("recurring").toString())).isEqualTo(NIGHTLY);
    assertThat(SuppressionDocs.window(golden.get("once").toString())).isEqualTo(ONCE);
  }

  private static byte[] read(String resource) throws IOException {
    try (InputStream in = SuppressionDocsTest.class.getClassLoader().getResourceAsStream(resource)) {
      return in.readAllBytes();
    }
  }
}
