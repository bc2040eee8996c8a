package io.sextant.node.central.http;

import io.micronaut.serde.annotation.SerdeImport;
import io.sextant.common.security.ApiTokens;
import io.sextant.node.central.view.Kpis;
import io.sextant.node.central.view.Views;
import io.sextant.runbook.safety.AutomationControl;
import io.sextant.runbook.safety.ChangeFreeze;
import io.sextant.store.registry.FeedbackLabel;

/** The plain records the endpoints answer with, made serialisable here so the logic stays framework-free. */
@SerdeImport(CentralApi.ActionView.class)
@SerdeImport(CentralApi.Step.class)
@SerdeImport(Views.TopologyView.class)
@SerdeImport(Views.LinkView.class)
@SerdeImport(Views.CallView.class)
@SerdeImport(Views.PathView.class)
@SerdeImport(Views.DiagnosisView.class)
@SerdeImport(Views.IncidentView.class)
@SerdeImport(Kpis.Point.class)
@SerdeImport(Kpis.Line.class)
@SerdeImport(Kpis.Mark.class)
@SerdeImport(Kpis.Chart.class)
@SerdeImport(ApiTokens.Principal.class)
@SerdeImport(FeedbackLabel.class)
@SerdeImport(AutomationControl.Status.class)
@SerdeImport(AutomationControl.Pause.class)
@SerdeImport(ChangeFreeze.class)
final class SerdeImports {
  private SerdeImports() {}
}
