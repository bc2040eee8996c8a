package io.sextant.deploy.lab.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The GPU part of the netns lab, kept apart from the network's: the {@link GpuNodes} of the site a
 * {@code GPU_NODE_FAILURE} fault names (served on the management address, which the edges reach over
 * the routed links like the broker), and what it adds to the files {@link NetnsConfigs} wrote: the
 * nodes and the workload in the topology file, the migrate runbook and the orchestrator's hook in the
 * centre's, and the DCGM and workload scrape targets with the workload's threshold in that site's edge.
 */
final class NetnsGpu {
  static final String WORKLOAD = "inference";
  static final int NODES = 2;

  private NetnsGpu() {}

  /** The GPU nodes of the schedule's GPU fault site, or null when no fault is a GPU node failure. */
  static GpuNodes start(List<NetnsFault> faults, Clock clock) throws IOException {
    List<String> sites = faults.stream().filter(f -> f.kind() == NetnsFault.Kind.GPU_NODE_FAILURE)
        .map(NetnsFault::site).distinct().toList();
    if (sites.isEmpty()) {
      return null;
    }
    if (sites.size() > 1) {
      throw new IllegalArgumentException("GPU node failures: one site's GPU nodes are played, not " + sites);
    }
    return GpuNodes.start(sites.get(0), NODES, WORKLOAD, NetnsTopology.BROKER_HOST, clock);
  }

  static void topology(Path topologyFile, GpuNodes gpus) throws IOException {
    Files.writeString(topologyFile, gpus.topologyYaml(), StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
  }

  /** The runbook beside the reroute one, and the hook (its secret in a file of its own). */
  static void central(Path centralConfig, Path work, GpuNodes gpus) throws IOException {
    Files.writeString(work.resolve("runbooks/migrate-failed-gpu-node-hook.yaml"), GpuNodes.RUNBOOK,
        StandardCharsets.UTF_8);
    Path secret = Files.writeString(work.resolve(GpuNodes.HOOK + ".whsec"), gpus.secret(), StandardCharsets.UTF_8);
    insertAfter(centralConfig, "actuators:\n", """
          hooks:
            %s: {url: "%s", secret-file: %s, timeout: 5s, retries: 2, backoff: 200ms}
        """.formatted(GpuNodes.HOOK, gpus.hookUrl(), secret.toAbsolutePath()));
  }

  /** The site's edge scrapes each GPU node's exporter (resource: the node) and the workload. */
  static void edge(Path edgeConfig, String site, GpuNodes gpus) throws IOException {
    if (!site.equals(gpus.site())) {
      return;
    }
    StringBuilder targets = new StringBuilder();
    for (String node : gpus.nodeIds()) {
      targets.append("    - {url: \"").append(gpus.metricsUrl(node)).append("\", name: dcgm-")
          .append(node.substring(node.indexOf('/') + 1)).append(", labels: {resource: \"node:").append(node)
          .append("\"}}\n");
    }
    String service = site + "/" + WORKLOAD;
    targets.append("    - {url: \"").append(gpus.workloadUrl(service)).append("\", name: workload-").append(WORKLOAD)
        .append(", labels: {resource: \"service:").append(service).append("\"}}\n");
    insertAfter(edgeConfig, "  scrape:\n", targets.toString());
    insertAfter(edgeConfig, "detection:\n", "  thresholds:\n    - " + GpuNodes.WORKLOAD_THRESHOLD + "\n");
  }

  private static void insertAfter(Path file, String line, String text) throws IOException {
    String s = Files.readString(file, StandardCharsets.UTF_8);
    int at = s.indexOf(line);
    if (at < 0) {
      throw new IllegalStateException(file + ": no '" + line.strip() + "' to add the GPU nodes' part after");
    }
    at += line.length();
    Files.writeString(file, s.substring(0, at) + text + s.substring(at), StandardCharsets.UTF_8);
  }
}
