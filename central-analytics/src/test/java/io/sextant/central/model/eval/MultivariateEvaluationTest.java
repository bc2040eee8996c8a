package io.sextant.central.model.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.central.model.train.TrainingProgress;
import io.sextant.testkit.gen.ServerMachines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation end to end on tiny generated machines, and the threshold's independence of the test part. */
class MultivariateEvaluationTest {
  final MultivariateEvaluation eval = new MultivariateEvaluation(MultivariateEvaluation.Settings.defaults());

  @Test
  void evaluatesEveryGoodEntityAndRefusesABadOneWithItsReason(@TempDir Path dir) throws Exception {
    ServerMachines.write(dir, "a", 11, ServerMachines.Shape.tiny());
    ServerMachines.write(dir, "b", 12, ServerMachines.Shape.tiny());
    ServerMachines.write(dir, "c", 13, ServerMachines.Shape.tiny());
    Files.delete(dir.resolve("b/labels.csv"));
    List<String> stages = new ArrayList<>();

    MultivariateReport r = eval.run(dir, (stage, done, total) -> stages.add(done + "/" + total + " " + stage));

    assertThat(r.entities()).extracting(EntityResult::entity).containsExactly("a", "c");
    assertThat(r.failures()).singleElement().satisfies(f -> {
      assertThat(f.entity()).isEqualTo("b");
      assertThat(f.reason()).contains("no labels.csv");
    });
    assertThat(stages).last().isEqualTo("9/9 c: done");
    // The tiny machines' anomalies are large: the family must find them, at its own threshold too.
    assertThat(r.bestAdjusted().f1()).isGreaterThan(0.9);
    assertThat(r.atThreshold().f1()).isGreaterThan(0.3);
    assertThat(r.asJson()).containsKey("overall");
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> overall = (java.util.Map<String, Object>) r.asJson().get("overall");
    assertThat(overall).containsKeys("f1", "precision", "recall", "best_f1", "best_f1_point_adjusted")
        .containsEntry("failed_entities", 1);
  }

  @Test
  void theThresholdIsChosenWithoutTheTestLabelsOrTheTestValues() {
    ServerMachines.Machine m = ServerMachines.generate(21, ServerMachines.Shape.tiny());
    EntityData real = new EntityData("m", List.of(m.metrics()), m.train(), m.test(), m.labels());
    boolean[] inverted = new boolean[m.labels().length];
    for (int i = 0; i < inverted.length; i++) {
      inverted[i] = !m.labels()[i];
    }
    double[][] otherTest = new double[m.test().length][];
    Random r = new Random(1);
    for (int i = 0; i < otherTest.length; i++) {
      otherTest[i] = m.test()[(i * 7 + r.nextInt(3)) % m.test().length];
    }
    EntityData otherLabels = new EntityData("m", List.of(m.metrics()), m.train(), m.test(), inverted);
    EntityData otherValues = new EntityData("m", List.of(m.metrics()), m.train(), otherTest, inverted);

    EntityResult a = eval.evaluate(real, TrainingProgress.NONE);
    EntityResult b = eval.evaluate(otherLabels, TrainingProgress.NONE);
    EntityResult c = eval.evaluate(otherValues, TrainingProgress.NONE);

    assertThat(b.threshold()).isEqualTo(a.threshold());
    assertThat(c.threshold()).isEqualTo(a.threshold());
    // ... while the figures do follow the labels, so the test would see a leak through them.
    assertThat(b.atThreshold()).isNotEqualTo(a.atThreshold());
  }
}
