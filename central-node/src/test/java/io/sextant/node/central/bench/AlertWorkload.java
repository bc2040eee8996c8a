package io.sextant.node.central.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Prometheus-style alert traffic, as one Prometheus (or several) sends it to its Alertmanagers:
 * every evaluation it re-sends each firing alert with its unchanged {@code startsAt} and an
 * {@code endsAt} a few intervals ahead (a resend, which a receiver deduplicates), sends alerts that
 * start firing (new) and, once, alerts that stopped (resolved: {@code endsAt} now). The alert
 * population is node and link alerts of a small network: node exporters on {@code hosts}
 * instances (CPU, memory, a filesystem per mount point, node down) and links between
 * points of presence (down, loss, latency, seen on the router interfaces at each end).
 *
 * <p>Deterministic for a seed: both targets get the same bytes. Not thread-safe.
 */
final class AlertWorkload {
  /** Alerts per POST, as Prometheus batches them ({@code --alertmanager.notification-queue-capacity} aside). */
  static final int BATCH = 100;
  /** Chance that a quiet alert starts firing in one evaluation. */
  static final double START = 0.03;
  /** Chance that a firing alert resolves in one evaluation. */
  static final double STOP = 0.05;

  private static final String[] NODE_ALERTS = {"NodeHighCpu", "NodeMemoryPressure", "NodeFilesystemAlmostFull",
      "NodeDown"};
  private static final String[] LINK_ALERTS = {"LinkDown", "LinkHighLoss", "LinkHighLatency"};
  private static final String[] MOUNTS = {"/", "/var", "/data"};

  private final List<Alert> alerts = new ArrayList<>();
  private final SplittableRandom random;
  private final double start;
  private final double stop;

  /** One possible alert: its fixed labels and annotations, and whether it fires since when. */
  private static final class Alert {
    final String labelsAndAnnotations;
    Instant startsAt;
    boolean resolvedPending;

    Alert(String labelsAndAnnotations) {
      this.labelsAndAnnotations = labelsAndAnnotations;
    }
  }

  /**
   * @param hosts node-exporter instances; links come on top (one point of presence per 20 hosts)
   * @param firingSince the {@code startsAt} of the alerts already firing before the first
   *     evaluation (the steady share, START / (START + STOP), so the mix holds from the start)
   */
  AlertWorkload(int hosts, long seed, Instant firingSince) {
    this(hosts, seed, firingSince, 1);
  }

  /**
   * @param churn scales {@link #START} and {@link #STOP}: 0 sends only resends after the first
   *     evaluation (what a receiver's dedup alone costs), 1 the mix above
   */
  AlertWorkload(int hosts, long seed, Instant firingSince, double churn) {
    random = new SplittableRandom(seed);
    start = START * churn;
    stop = STOP * churn;
    int pops = Math.max(2, hosts / 20);
    for (int h = 0; h < hosts; h++) {
      String pop = "pop-" + (h % pops);
      String instance = "node-" + h + ":9100";
      for (String name : NODE_ALERTS) {
        if (name.equals("NodeFilesystemAlmostFull")) {
          for (String mount : MOUNTS) {
            alerts.add(new Alert(node(name, instance, pop, ",\"mountpoint\":\"" + mount + "\",\"device\":\"/dev/vd"
                + (char) ('a' + mount.length() % 3) + "1\",\"fstype\":\"ext4\"", "warning")));
          }
        } else {
          alerts.add(new Alert(node(name, instance, pop, "", name.equals("NodeDown") ? "critical" : "warning")));
        }
      }
    }
    for (int a = 0; a < pops; a++) {
      for (int b = a + 1; b < pops && b <= a + 3; b++) {
        String link = "pop-" + a + "~pop-" + b;
        for (String name : LINK_ALERTS) {
          for (String end : new String[] {"pop-" + a, "pop-" + b}) {
            alerts.add(new Alert(link(name, link, end, name.equals("LinkDown") ? "critical" : "major")));
          }
        }
      }
    }
    for (Alert a : alerts) {
      if (random.nextDouble() < START / (START + STOP)) {
        a.startsAt = firingSince;
      }
    }
  }

  private static String node(String name, String instance, String pop, String extra, String severity) {
    return "\"labels\":{\"alertname\":\"" + name + "\",\"instance\":\"" + instance + "\",\"job\":\"node\","
        + "\"site\":\"" + pop + "\",\"severity\":\"" + severity + "\",\"team\":\"noc\"" + extra + "},"
        + "\"annotations\":{\"summary\":\"" + name + " on " + instance + "\",\"description\":\"" + name
        + " has been true for more than 5 minutes on " + instance + " in " + pop + ".\",\"runbook_url\":"
        + "\"https://runbooks.example/" + name + "\"},\"generatorURL\":\"http://prometheus-" + pop
        + ":9090/graph?g0.expr=" + name + "&g0.tab=1\"";
  }

  private static String link(String name, String link, String end, String severity) {
    String router = end + "-rtr1:9116";
    return "\"labels\":{\"alertname\":\"" + name + "\",\"instance\":\"" + router + "\",\"job\":\"snmp\","
        + "\"site\":\"" + end + "\",\"link\":\"" + link + "\",\"ifName\":\"xe-0/0/" + (link.hashCode() & 7)
        + "\",\"severity\":\"" + severity + "\",\"team\":\"transport\"},\"annotations\":{\"summary\":\"" + name
        + " on " + link + "\",\"description\":\"" + name + " seen on " + router + " for link " + link + ".\"},"
        + "\"generatorURL\":\"http://prometheus-" + end + ":9090/graph?g0.expr=" + name + "\"";
  }

  /** Distinct alerts the population can raise. */
  int population() {
    return alerts.size();
  }

  /** What one evaluation sends, in batches of {@link #BATCH}; {@code counts} gets new/resent/resolved. */
  List<byte[]> evaluate(Instant now, int[] counts) {
    Instant endsAt = now.plus(Duration.ofMinutes(4));
    StringBuilder json = new StringBuilder(BATCH * 600);
    List<byte[]> out = new ArrayList<>();
    int inBatch = 0;
    for (Alert a : alerts) {
      String startsAt;
      String ends;
      if (a.resolvedPending) {
        // Sent resolved once in the previous evaluation; quiet for this one (Prometheus keeps
        // sending a resolved alert for 15 minutes, which a receiver also drops as a resend).
        a.resolvedPending = false;
        continue;
      }
      if (a.startsAt == null) {
        if (random.nextDouble() >= start) {
          continue;
        }
        a.startsAt = now;
        counts[0]++;
        startsAt = now.toString();
        ends = endsAt.toString();
      } else if (random.nextDouble() < stop) {
        startsAt = a.startsAt.toString();
        ends = now.toString();
        a.startsAt = null;
        a.resolvedPending = true;
        counts[2]++;
      } else {
        counts[1]++;
        startsAt = a.startsAt.toString();
        ends = endsAt.toString();
      }
      json.append(inBatch == 0 ? "[" : ",").append('{').append(a.labelsAndAnnotations).append(",\"startsAt\":\"")
          .append(startsAt).append("\",\"endsAt\":\"").append(ends).append("\"}");
      if (++inBatch == BATCH) {
        out.add(json.append(']').toString().getBytes(StandardCharsets.UTF_8));
        json.setLength(0);
        inBatch = 0;
      }
    }
    if (inBatch > 0) {
      out.add(json.append(']').toString().getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }
}
