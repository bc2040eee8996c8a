package io.sextant.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelsTest {
  @Test
  void aCopyEncodesInTheCodecAsASortedMapDoesWithoutBeingCopiedToOne() throws Exception {
    java.util.TreeMap<String, String> source = new java.util.TreeMap<>(Map.of("zone", "eu \"west\"\\", "a", "",
        "ünï", "🚨 \u0000\n\t", "site", "edge-1"));
    source.put("gone", null);
    Map<String, String> labels = Labels.copyOf(source);
    var codec = io.sextant.common.codec.JsonCodec.get();

    assertThat(codec.encodeToString(labels)).isEqualTo(codec.encodeToString(source));
    assertThat(codec.encodeToString(new Alarm("a-1", "edge-1", Instant.EPOCH, "node:n1", "cause", null,
        EventType.EQUIPMENT_ALARM, Severity.MAJOR, Alarm.State.RAISED, Alarm.AckState.UNACKNOWLEDGED, false, null, null,
        Instant.EPOCH, null, 1, null, source))).contains(",\"labels\":" + codec.encodeToString(source) + "}");
    assertThat(codec.mapper().getSerializerProviderInstance().findValueSerializer(labels.getClass()))
        .as("written in its own order, not copied into a TreeMap").isInstanceOf(Labels.FrozenJson.class);
  }

  @Test
  void aKeptTextIsWhatTheCodecWritesForAnyNameAndValue() {
    var codec = io.sextant.common.codec.JsonCodec.get();
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    String alphabet = "az_\"\\/\u0000\u0001\n\r\t\b\f\u001f\u007f\u0080é\u2028\u2029\uffff\ud83d\ude80\ud800";
    int kept = 0;
    for (int n = 0; n < 3_000; n++) {
      java.util.TreeMap<String, String> source = new java.util.TreeMap<>();
      for (int k = random.nextInt(1, 6); k > 0; k--) {
        source.put(text(random, alphabet), random.nextInt(10) == 0 ? null : text(random, alphabet));
      }
      Map<String, String> labels = Labels.copyOf(source);
      String expected = codec.encodeToString(source);
      for (int time = 0; time < 3; time++) {
        assertThat(codec.encodeToString(labels)).as("encoding %d of %s", time, source).isEqualTo(expected);
        assertThat(new String(Labels.json(labels), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(expected);
      }
      boolean surrogate = (source.toString()).chars().anyMatch(c -> Character.isSurrogate((char) c));
      assertThat(Labels.kept(labels)).as("kept unless a surrogate: %s", source).isEqualTo(!surrogate);
      kept += Labels.kept(labels) ? 1 : 0;
    }
    assertThat(kept).isBetween(300, 2_700);
    // Pretty printing is not the kept text's shape: written out as before.
    java.util.TreeMap<String, String> two = new java.util.TreeMap<>(Map.of("a", "1", "b", "2"));
    Map<String, String> labels = Labels.copyOf(two);
    codec.encode(labels);
    codec.encode(labels);
    assertThat(Labels.kept(labels)).isTrue();
    var pretty = codec.mapper().writerWithDefaultPrettyPrinter();
    assertThat(asString(pretty, labels)).isEqualTo(asString(pretty, two)).contains("\n");
  }

  private static String asString(com.fasterxml.jackson.databind.ObjectWriter writer, Object value) {
    try {
      return writer.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private static String text(java.util.SplittableRandom random, String alphabet) {
    StringBuilder b = new StringBuilder();
    for (int i = random.nextInt(0, 8); i > 0; i--) {
      // Mostly letters, so most sets have no surrogate and their text is kept.
      b.append(random.nextInt(4) > 0 ? (char) ('a' + random.nextInt(26)) : alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  @Test
  void aCopyIsSortedImmutableAndEqualToItsSource() {
    Map<String, String> source = new HashMap<>(Map.of("z", "1", "a", "2", "m", "3"));
    Map<String, String> l = Labels.copyOf(source);
    source.put("b", "4");
    assertThat(l.keySet()).containsExactly("a", "m", "z");
    assertThat(l).isEqualTo(Map.of("z", "1", "a", "2", "m", "3")).hasSameHashCodeAs(Map.of("z", "1", "a", "2", "m", "3"));
    assertThat(l.toString()).isEqualTo("{a=2, m=3, z=1}");
    assertThat(l.getOrDefault("q", "-")).isEqualTo("-");
    assertThat(l.get("m")).isEqualTo("3");
    assertThat(l.get("b")).isNull();
    assertThat(l.get(42)).isNull();
    assertThat(l.containsKey("z")).isTrue();
    assertThat(l.containsKey("0")).isFalse();
    assertThat(l.containsValue("2")).isTrue();
    assertThat(new java.util.TreeMap<>(Map.of("z", "1", "a", "2", "m", "3"))).isEqualTo(l);
    assertThat(l).isNotEqualTo(Map.of("z", "1", "a", "2"));
    assertThat(l.values()).containsExactly("2", "3", "1");
    StringBuilder seen = new StringBuilder();
    l.forEach((k, v) -> seen.append(k).append(v));
    assertThat(seen).hasToString("a2m3z1");
    assertThatThrownBy(() -> l.put("b", "4")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> l.remove("a")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> l.entrySet().iterator().next().setValue("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> l.replaceAll((k, v) -> v)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(l::clear).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aMapLabelsMadeIsNotCopiedAgain() {
    Map<String, String> l = Labels.of("b", "1", "a", "2");
    assertThat(Labels.copyOf(l)).isSameAs(l);
    Sample s = new Sample("edge-1", "m", l, Instant.EPOCH, 1);
    assertThat(s.labels()).isSameAs(l);
    assertThat(new Sample("edge-2", s.metric(), s.labels(), s.time(), 2).labels()).isSameAs(l);
    assertThat(Labels.copyOf(Map.of())).isEmpty();
    assertThat(Labels.copyOf(null)).isEmpty();
    assertThat(List.copyOf(l.keySet())).containsExactly("a", "b");
  }
}
