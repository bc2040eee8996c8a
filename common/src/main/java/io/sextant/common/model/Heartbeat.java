package io.sextant.common.model;

import java.time.Instant;

/**
 * The edge's heartbeat: {@code sextant_edge_up{resource="edge:<site>"} 1} in every window's sample
 * batch. A window with no sample at all would send no batch, so without it the centre could not
 * tell an edge whose sources give nothing from an edge that is gone; with it, every window the
 * edge produces reaches the centre (late, from the outbox, when the edge was cut off), and the
 * centre's no-data watch hears the edge as long as it runs. It goes up whatever the upload policy
 * (the centre must hear it) and is stored like any series, so dashboards can show it.
 */
public final class Heartbeat {
  public static final String METRIC = "sextant_edge_up";

  private Heartbeat() {}

  public static String resource(String site) {
    return "edge:" + site;
  }

  public static Sample sample(String site, Instant windowEnd) {
    return new Sample(site, METRIC, Labels.of(Sample.RESOURCE, resource(site)), windowEnd, 1);
  }

  public static boolean is(Sample s) {
    return METRIC.equals(s.metric());
  }
}
