package io.sextant.central.protect;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Command;
import io.sextant.common.model.Diagnosis;
import io.sextant.sim.SimulatedCloud;
import java.util.function.Consumer;

/** Protection's outputs in the protection tests: the probe commands carried out by the cloud, as sites do. */
final class SiteOutputs {
  private SiteOutputs() {}

  /** {@code cleared} hears each resource whose alarms protection clears; diagnoses are dropped. */
  static LinkProtection.Outputs of(SimulatedCloud cloud, Consumer<String> cleared) {
    return new LinkProtection.Outputs() {
      @Override
      public void probe(Command c) {
        assertThat(c.kind() == Command.Kind.ROLLBACK ? cloud.rollback(c.action()) : cloud.apply(c.action()))
            .satisfies(r -> assertThat(r.ok()).as(r.detail()).isTrue());
      }

      @Override
      public void clearAlarms(String resource, String why) {
        cleared.accept(resource);
      }

      @Override
      public void diagnosis(Diagnosis d) {}
    };
  }
}
