package io.sextant.central.locate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkFindingTest {
  @Test
  void becomesALinkLossDiagnosisOfTheLinkWithThePathsAsEvidence() {
    LinkFinding finding = new LinkFinding("r1~r2", 0.1, 0.4, List.of("a>b", "b>a"), List.of("r2~r3"));
    Instant time = Instant.parse("2025-01-01T00:00:00Z");

    Diagnosis diagnosis = finding.toDiagnosis("central", time);

    assertThat(diagnosis.kind()).isEqualTo(FaultKind.LINK_LOSS);
    assertThat(diagnosis.target()).isEqualTo("link:r1~r2");
    assertThat(diagnosis.confidence()).isEqualTo(0.4);
    assertThat(diagnosis.evidence()).containsExactly("path:a>b", "path:b>a");
    assertThat(diagnosis.details()).containsEntry("estimatedLoss", 0.1).containsEntry("alternatives", 1.0);
    assertThat(diagnosis.locator()).isEqualTo(LinkFinding.LOCATOR);
    assertThat(diagnosis.time()).isEqualTo(time);
  }
}
