package io.sextant.central.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The reader of one entity: a good one, and each kind of bad input refused with a reason naming it. */
class EntityReaderTest {
  static final String TRAIN = "timestamp,cpu,mem\n0,1.0,2.0\n1,1.5,2.5\n2,1.2,2.1\n";
  static final String TEST = "timestamp,mem,cpu\n3,2.0,1.0\n4,9.0,1.1\n";
  static final String LABELS = "timestamp,label\n3,0\n4,1\n";

  @Test
  void readsAGoodEntityInTrainsColumnOrder(@TempDir Path dir) throws Exception {
    EntityData d = EntityReader.read(entity(dir, TRAIN, TEST, LABELS));
    assertThat(d.name()).isEqualTo("m1");
    assertThat(d.metrics()).containsExactly("cpu", "mem");
    assertThat(d.train()).hasDimensions(3, 2);
    assertThat(d.test()[1]).containsExactly(1.1, 9.0);
    assertThat(d.labels()).containsExactly(false, true);
  }

  static Stream<Arguments> bad() {
    return Stream.of(
        Arguments.of("no labels file", TRAIN, TEST, null, "no labels.csv"),
        Arguments.of("no timestamp column", "cpu,mem\n1,2\n", TEST, LABELS, "train.csv has no timestamp column"),
        Arguments.of("a metric missing in test", TRAIN, "timestamp,cpu\n3,1\n4,1\n", LABELS, "missing [mem]"),
        Arguments.of("NaN", TRAIN.replace("1.5", "NaN"), TEST, LABELS, "train.csv row 3, column cpu: missing or NaN"),
        Arguments.of("empty value", TRAIN, "timestamp,mem,cpu\n3,,1.0\n4,9.0,1.1\n", LABELS,
            "test.csv row 2, column mem: missing or NaN"),
        Arguments.of("not a number", TRAIN.replace("2.5", "high"), TEST, LABELS, "train.csv"),
        Arguments.of("fewer labels than test rows", TRAIN, TEST, "timestamp,label\n3,0\n", "labels.csv has 1 rows"),
        Arguments.of("label not 0/1", TRAIN, TEST, "timestamp,label\n3,0\n4,2\n", "label must be 0 or 1"),
        Arguments.of("labels out of line", TRAIN, TEST, "timestamp,label\n3,0\n5,1\n", "timestamp 5"),
        Arguments.of("labels without label column", TRAIN, TEST, "timestamp,anomaly\n3,0\n4,1\n",
            "needs columns timestamp,label"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void badInputIsRefusedWithItsReason(String name, String train, String test, String labels, String reason,
      @TempDir Path dir) throws Exception {
    Path e = entity(dir, train, test, labels);
    assertThatThrownBy(() -> EntityReader.read(e)).isInstanceOf(BadEntityException.class)
        .hasMessageStartingWith("m1: ").hasMessageContaining(reason);
  }

  static Path entity(Path dir, String train, String test, String labels) throws Exception {
    Path e = Files.createDirectories(dir.resolve("m1"));
    Files.writeString(e.resolve("train.csv"), train);
    Files.writeString(e.resolve("test.csv"), test);
    if (labels != null) {
      Files.writeString(e.resolve("labels.csv"), labels);
    }
    return e;
  }
}
