package io.sextant.central.rca.eval;

import io.sextant.central.rca.Candidate;
import io.sextant.central.rca.Evidence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of {@code sextant rca-eval --report}: {@code "overall"} (ac1, ac3, avg5, cases,
 * errors), {@code "scenarios"} with the same per scenario, and {@code "cases"} with each case's
 * rank and ranking (or its error). Maps and lists, so any JSON writer can write it.
 */
public final class ReportJson {
  private ReportJson() {}

  public static Map<String, Object> of(RcaEvaluation.Report r) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("overall", figures(r.overall()));
    Map<String, Object> per = new LinkedHashMap<>();
    r.scenarios().forEach((k, v) -> per.put(k, figures(v)));
    root.put("scenarios", per);
    List<Object> cases = new ArrayList<>();
    for (CaseResult c : r.cases()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("scenario", c.scenario());
      m.put("case", c.id());
      if (!c.ok()) {
        m.put("error", c.error());
        cases.add(m);
        continue;
      }
      m.put("root_cause", c.rootCause());
      m.put("rank", c.rank());
      List<Object> ranking = new ArrayList<>();
      for (Candidate k : c.ranking().candidates()) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("component", k.component());
        e.put("confidence", k.confidence());
        e.put("anomaly", k.anomaly());
        if (k.explainedBy() != null) {
          e.put("explained_by", k.explainedBy());
        }
        List<Object> ev = new ArrayList<>();
        for (Evidence x : k.evidence()) {
          Map<String, Object> one = new LinkedHashMap<>();
          one.put("metric", x.metric().toString());
          one.put("z", x.score());
          one.put("at", x.at().toString());
          one.put("observed", x.observed());
          one.put("normal", x.normal());
          ev.add(one);
        }
        e.put("evidence", ev);
        ranking.add(e);
      }
      m.put("ranking", ranking);
      cases.add(m);
    }
    root.put("cases", cases);
    return root;
  }

  private static Map<String, Object> figures(Accuracy a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ac1", a.ac1());
    m.put("ac3", a.ac3());
    m.put("avg5", a.avg5());
    m.put("cases", a.cases());
    m.put("errors", a.errors());
    return m;
  }
}
