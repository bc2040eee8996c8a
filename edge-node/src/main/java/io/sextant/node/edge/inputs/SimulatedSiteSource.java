package io.sextant.node.edge.inputs;

import io.sextant.collector.source.Source;
import io.sextant.common.model.Sample;
import io.sextant.sim.SimulatedCloud;
import java.time.Instant;
import java.util.List;

/** The simulated cloud seen as one site's KPI source (host KPIs, services and probe mesh). */
public final class SimulatedSiteSource implements Source {
  private final SimulatedCloud cloud;
  private final String site;

  public SimulatedSiteSource(SimulatedCloud cloud, String site) {
    this.cloud = cloud;
    this.site = site;
  }

  @Override
  public String name() {
    return "simulated-cloud:" + site;
  }

  @Override
  public List<Sample> collect(Instant windowEnd) {
    return cloud.collect(site, windowEnd);
  }
}
