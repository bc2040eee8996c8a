package io.sextant.central.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.central.model.KpiFamily;
import io.sextant.central.model.SimHistory;
import io.sextant.common.bundle.ModelPayload;
import io.sextant.store.registry.FeedbackLabel;
import io.sextant.sim.CloudSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The root-cause classifier learns the simulated faults' kinds from ground-truth labels. */
class RootCauseTrainerTest {
  @Test
  void learnsCpuSaturationApartFromGpuFailureAndNormal() {
    SimHistory h = SimHistory.generate(CloudSpec.defaults().withStep(Duration.ofSeconds(10)));
    List<KpiVector> vectors = History.of(h.samples(), KpiFamily.SERVICE);
    TrainedModel m = new RootCauseTrainer(RootCauseTrainer.DEFAULT_EPOCHS, 7)
        .train(KpiFamily.SERVICE, 1, vectors, h.labels(), h.from(), h.to(), TrainingProgress.NONE);
    assertThat(m.bundle().modelId()).isEqualTo("service-kpis-rootcause");
    assertThat(m.bundle().provenance().settings().get("classes")).isEqualTo("CPU_SATURATION,GPU_NODE_FAILURE,NORMAL");
    assertThat(m.metric("recall_CPU_SATURATION")).isGreaterThan(0.9);
    assertThat(m.metric("recall_GPU_NODE_FAILURE")).isGreaterThan(0.9);
    assertThat(m.metric("recall_NORMAL")).isGreaterThan(0.9);

    RootCauseModel model = new RootCauseModel(ModelPayload.decode(m.bundle().payload()));
    // A saturated service: CPU near its cap, latency several times its base, errors healthy.
    assertThat(model.classify(new double[] {0.9, 200, 0.001}).cause()).isEqualTo("CPU_SATURATION");
    // A service on a failed GPU node: latency x8 and a third of requests failing.
    assertThat(model.classify(new double[] {0.35, 240, 0.4}).cause()).isEqualTo("GPU_NODE_FAILURE");
    assertThat(model.classify(new double[] {0.35, 31, 0.001}).cause()).isEqualTo("NORMAL");
  }

  @Test
  void refusesToTrainWithoutALabelledIncident() {
    SimHistory h = SimHistory.generate(CloudSpec.defaults().withStep(Duration.ofSeconds(30)));
    List<KpiVector> vectors = History.of(h.samples(), KpiFamily.SERVICE);
    List<FeedbackLabel> none = List.of();
    assertThatThrownBy(() -> new RootCauseTrainer(5, 7).train(KpiFamily.SERVICE, 1, vectors, none, h.from(), h.to(),
        TrainingProgress.NONE)).hasMessageContaining("no labelled incident");
  }
}
