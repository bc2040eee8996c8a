package io.sextant.dashboards.sql;

import io.sextant.dashboards.grafana.Intervals;
import io.sextant.dashboards.grafana.TimeRange;
import io.sextant.dashboards.model.Dashboard;
import io.sextant.dashboards.model.Panel;
import io.sextant.dashboards.model.Query;
import java.time.Duration;
import java.time.Instant;

/**
 * One query of one dashboard, with its variables set one way and one time range: a named test
 * case. {@code panelId} is 0 for an annotation or a variable's query ({@code kind} says which).
 */
record PanelCase(String uid, String kind, int panelId, String title, String refId, Mode mode, Span span) {
  /** How the dashboard's variables are set, as a user can set them. */
  enum Mode {
    NONE("no variables"), ONE("one value each"), SEVERAL("two values each"), ALL("All"),
    QUOTE("a value with quotes");

    final String label;

    Mode(String label) {
      this.label = label;
    }
  }

  /** The dashboard's time range, ending at the store's "now". */
  enum Span {
    NONE("no time range", Duration.ofHours(1)),
    HOUR("last 1 h: raw samples", Duration.ofHours(1)),
    DAY("last 24 h: samples_1m", Duration.ofHours(24)),
    QUARTER("last 90 d: samples_1h", Duration.ofDays(90)),
    PANEL("the panel's own range", null);

    final String label;
    final Duration length;

    Span(String label, Duration length) {
      this.label = label;
      this.length = length;
    }
  }

  static final String PANEL_KIND = "panel";
  static final String ANNOTATION = "annotation";
  static final String VARIABLE = "variable";
  /** Grafana's resolution when a panel sets no maxDataPoints: its width in pixels; a wide panel's. */
  static final int RESOLUTION = 1000;

  TimeRange range(Panel panel, Instant now) {
    if (span == Span.PANEL) {
      return TimeRange.last(Intervals.parse(panel.timeFrom()), now);
    }
    return TimeRange.last(span.length, now);
  }

  /** $__interval_ms: the panel's maxDataPoints (else {@link #RESOLUTION}) and min interval (else the data source's). */
  long intervalMs(Panel panel, TimeRange range, Duration dataSourceMinimum) {
    int points = panel != null && panel.json().path("maxDataPoints").isInt() ? panel.json().get("maxDataPoints").asInt()
        : RESOLUTION;
    Duration low = panel != null && panel.json().path("interval").isTextual()
        ? Intervals.parse(panel.json().get("interval").asText()) : dataSourceMinimum;
    return Intervals.intervalMs(range, points, low);
  }

  Query query(Dashboard d) {
    return switch (kind) {
      case PANEL_KIND -> panel(d).targets().stream().filter(t -> t.refId().equals(refId)).findFirst().orElseThrow();
      case ANNOTATION -> d.annotations().stream().filter(a -> a.refId().equals(refId)).findFirst().orElseThrow();
      default -> d.variable(refId).orElseThrow().query();
    };
  }

  Panel panel(Dashboard d) {
    return panelId == 0 ? null : d.panels().stream().filter(p -> p.id() == panelId).findFirst().orElseThrow();
  }

  /** The key of {@link EmptyInTheDemo}. */
  String key() {
    return uid + "/" + title + "/" + refId;
  }

  @Override
  public String toString() {
    return uid + " · " + (kind.equals(PANEL_KIND) ? "" : kind + " ") + title
        + (kind.equals(PANEL_KIND) ? " · " + refId : "") + " · " + mode.label + " · " + span.label;
  }
}
