package io.sextant.edge.eval;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One series as a self-contained HTML page with an inline SVG (no script, no network): the values,
 * the probationary period (grey), the labelled windows (amber) and the detections at the threshold
 * (red marks), with the anomaly score as a thin strip below. Long series are reduced to a min/max
 * envelope per pixel column so a spike is never dropped from the picture.
 */
public final class SeriesPlot {
  private static final int WIDTH = 1200;
  private static final int HEIGHT = 320;
  private static final int STRIP = 60;
  private static final int PAD = 40;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private SeriesPlot() {}

  public static String html(LabeledSeries series, double[] scores, double threshold, String detector) {
    int n = series.size();
    double[] v = series.values();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    if (!(hi > lo)) {
      hi = lo + 1;
    }
    int plotW = WIDTH - 2 * PAD;
    StringBuilder svg = new StringBuilder();
    int totalH = HEIGHT + STRIP + 2 * PAD;
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n",
        WIDTH, totalH));
    double probation = Sweep.probationaryLength(n);
    svg.append(rect(x(0, n, plotW), PAD, x(probation, n, plotW) - x(0, n, plotW), HEIGHT, "#ddd", "probationary"));
    Sweep sweep = Sweep.of(series);
    int start = -1;
    for (int i = 0; i <= n; i++) {
      boolean in = i < n && sweep.window[i] != Sweep.OUTSIDE && inWindow(series, i);
      if (in && start < 0) {
        start = i;
      } else if (!in && start >= 0) {
        svg.append(rect(x(start, n, plotW), PAD, Math.max(1, x(i, n, plotW) - x(start, n, plotW)), HEIGHT,
            "#fdd88a", "window " + series.timestamps().get(start).format(DAY)));
        start = -1;
      }
    }
    // min/max envelope per pixel column
    StringBuilder line = new StringBuilder();
    StringBuilder strip = new StringBuilder();
    int columns = Math.min(n, plotW);
    for (int c = 0; c < columns; c++) {
      int from = (int) ((long) c * n / columns);
      int to = Math.max(from + 1, (int) ((long) (c + 1) * n / columns));
      double mn = Double.POSITIVE_INFINITY;
      double mx = Double.NEGATIVE_INFINITY;
      double smax = 0;
      for (int i = from; i < to; i++) {
        mn = Math.min(mn, v[i]);
        mx = Math.max(mx, v[i]);
        smax = Math.max(smax, scores[i]);
      }
      double px = x(from, n, plotW);
      line.append(String.format(Locale.ROOT, "%.1f,%.1f %.1f,%.1f ", px, y(mx, lo, hi), px, y(mn, lo, hi)));
      strip.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, PAD + HEIGHT + STRIP - smax * (STRIP - 10)));
    }
    svg.append("<polyline fill=\"none\" stroke=\"#1f4e9c\" stroke-width=\"1\" points=\"").append(line).append("\"/>\n");
    svg.append("<polyline fill=\"none\" stroke=\"#777\" stroke-width=\"1\" points=\"").append(strip).append("\"/>\n");
    double ty = PAD + HEIGHT + STRIP - threshold * (STRIP - 10);
    if (threshold <= 1) {
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#c00\" stroke-dasharray=\"4 3\"/>%n",
          PAD, PAD + plotW, ty, ty));
    }
    int detections = 0;
    for (int i = 0; i < n; i++) {
      if (scores[i] >= threshold && i >= probation) {
        detections++;
        svg.append(String.format(Locale.ROOT,
            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"none\" stroke=\"#c00\" stroke-width=\"2\"><title>%s score %.4f</title></circle>%n",
            x(i, n, plotW), y(v[i], lo, hi), series.timestamps().get(i).format(DAY), scores[i]));
      }
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", PAD, PAD - 8, escape(fmt(hi))));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", PAD, PAD + HEIGHT + 12, escape(fmt(lo))));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", PAD, totalH - 6,
        escape(series.timestamps().get(0).format(DAY))));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", PAD + plotW,
        totalH - 6, escape(series.timestamps().get(n - 1).format(DAY))));
    svg.append("</svg>\n");
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(series.name()) + "</title></head>\n"
        + "<body style=\"font-family:sans-serif\">\n<h3>" + escape(series.name()) + "</h3>\n"
        + "<p>detector " + escape(detector) + ", threshold " + String.format(Locale.ROOT, "%.4f", threshold)
        + ", " + detections + " detections, " + series.windows().size()
        + " labelled windows. Grey: probationary (not scored); amber: windows; red: detections; "
        + "grey strip: anomaly score, dashed: threshold.</p>\n" + svg + "</body></html>\n";
  }

  private static boolean inWindow(LabeledSeries s, int i) {
    for (LabeledSeries.Window w : s.windows()) {
      if (!s.timestamps().get(i).isBefore(w.start()) && !s.timestamps().get(i).isAfter(w.end())) {
        return true;
      }
    }
    return false;
  }

  private static double x(double i, int n, int plotW) {
    return PAD + i * plotW / Math.max(1, n);
  }

  private static double y(double value, double lo, double hi) {
    return PAD + HEIGHT - (value - lo) / (hi - lo) * HEIGHT;
  }

  private static String rect(double x, double y, double w, double h, String fill, String title) {
    return String.format(Locale.ROOT,
        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>%n",
        x, y, Math.max(0, w), h, fill, escape(title));
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.6g", d);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
