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
