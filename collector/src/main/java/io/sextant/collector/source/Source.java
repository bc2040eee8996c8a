package io.sextant.collector.source;

import io.sextant.common.model.Sample;
import java.time.Instant;
import java.util.List;

/**
 * One place KPIs come from at an edge site (host counters, a Prometheus target, the probe mesh,
 * the simulated cloud). Called once per scrape window; may return bad samples, which the
 * collector rejects one by one. A source that throws loses only its own round.
 */
public interface Source {
  String name();

  List<Sample> collect(Instant windowEnd) throws Exception;
}
