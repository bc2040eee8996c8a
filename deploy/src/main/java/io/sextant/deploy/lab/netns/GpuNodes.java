package io.sextant.deploy.lab.netns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sextant.actuator.hook.WebhookSignature;
import io.sextant.common.gpu.Dcgm;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The GPU nodes of one site as the lab plays them, over real HTTP: per node, what NVIDIA's DCGM
 * exporter would answer on {@code /nodes/<node>/metrics} (one series per GPU and field, labelled
 * {@code gpu}, {@code UUID}, {@code device}, {@code modelName}, {@code Hostname}, and {@code pod},
 * {@code namespace}, {@code container} on the GPU a workload uses); per workload, its readiness on
 * {@code /workloads/<service>/metrics} ({@code workload_gpu_ready} 1 while its GPU is healthy, as a
 * kube-state exporter would tell); and an orchestrator's remediation hook on {@code POST /hooks}
 * that checks the Standard Webhooks signature and carries out a {@code MIGRATE}: the workloads of
 * the failed node are placed on the action's {@code to} node (its GPU's series carry their labels
 * and its utilisation rises), a rollback puts them back.
 *
 * <p>{@link #fail} breaks a node as real GPUs do: {@link Failure#FALLEN_OFF_BUS} reports XID 79 on
 * GPU 0 for {@link #XID_BEFORE_VANISH_MS}, then GPU 0's series leave the answer (the driver lost
 * it); {@link Failure#DOUBLE_BIT_ECC} reports XID 48 and the double-bit ECC counter rises. The
 * other GPUs and the exporter itself go on answering. Values are a function of time and a counter,
 * no randomness, so a scrape is reproducible. Thread-safe: HTTP threads and the lab's loop.
 */
public final class GpuNodes implements AutoCloseable {
  public static final int GPUS_PER_NODE = 2;
  public static final String MODEL = "NVIDIA A100-SXM4-40GB";
  public static final String NAMESPACE = "ran";
  /** A GPU falling off the bus is reported (XID 79) for about this long before it is gone. */
  public static final long XID_BEFORE_VANISH_MS = 2_000;
  /** The hook's name in the centre's {@code actuators.hooks}. */
  public static final String HOOK = "orchestrator";
  /** The workload readiness series the edge's {@link #WORKLOAD_THRESHOLD} watches. */
  public static final String WORKLOAD_READY = "workload_gpu_ready";
  /**
   * The centre's runbook: a GPU node failure migrates its work through the orchestrator's hook;
   * verified on the moved workloads' readiness (their {@code workload-gpu-lost} threshold quiet on
   * fresh samples), so a hook that answers "done" and moves nothing is rolled back.
   */
  public static final String RUNBOOK = """
      id: migrate-failed-gpu-node-hook
      description: Move the work of a failed GPU node to a healthy GPU node at its site, through the orchestrator.
      scope: central
      trigger: {diagnosis: GPU_NODE_FAILURE}
      action: {kind: MIGRATE, options: {prefer: same-site}}
      steps: [{hook: %s}]
      guard: {maxActions: 2, window: 1h, maxBlastRadius: 8}
      verify: {kpi: [%s], within: 30s, stableFor: 3s, rollback: true}
      """.formatted(HOOK, WORKLOAD_READY);
  /** The edge's threshold on a workload's readiness (an edge's {@code detection.thresholds[]} entry). */
  public static final String WORKLOAD_THRESHOLD = "{name: workload-gpu-lost, metric: " + WORKLOAD_READY
      + ", below: {major: 0}}";
  static final double BUSY_UTIL = 87;
  static final double IDLE_UTIL = 0;

  /** How a node fails. */
  public enum Failure { FALLEN_OFF_BUS, DOUBLE_BIT_ECC }

  /** One carried-out hook call, as the orchestrator recorded it. */
  public record Move(Instant at, String operation, String actionId, String from, String to, List<String> workloads) {}

  private static final class Node {
    final String id;
    final String hostname;
    Failure failure;
    long failedAtMs;
    long dbe;

    Node(String id, String hostname) {
      this.id = id;
      this.hostname = hostname;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String site;
  private final Clock clock;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  /** Workload (service id, e.g. {@code edge-1/inference}) → the node it runs on. */
  private final Map<String, String> placement = new LinkedHashMap<>();
  private final List<Move> moves = new ArrayList<>();
  private final String secret;
  private final WebhookSignature signature;
  private final AtomicLong refused = new AtomicLong();
  private volatile boolean ignoreHooks;
  private final HttpServer server;

  /**
   * @param site the site the nodes are at; node ids are {@code <site>/gpu-node-<i>}
   * @param nodeCount GPU nodes, at least 2 (one to fail, one to take its work)
   * @param workload the service (without the site) placed on the first node's GPU 0
   * @param host the address to serve on (the lab: its management address, which the edges reach)
   */
  public static GpuNodes start(String site, int nodeCount, String workload, String host, Clock clock)
      throws IOException {
    if (nodeCount < 2) {
      throw new IllegalArgumentException("nodeCount: at least 2, got " + nodeCount);
    }
    return new GpuNodes(site, nodeCount, workload, host, clock);
  }

  private GpuNodes(String site, int nodeCount, String workload, String host, Clock clock) throws IOException {
    this.site = site;
    this.clock = clock;
    for (int i = 1; i <= nodeCount; i++) {
      Node n = new Node(nodeId(site, i), site + "-gpu-node-" + i);
      nodes.put(n.id, n);
    }
    placement.put(site + "/" + workload, nodes.keySet().iterator().next());
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    secret = "whsec_" + Base64.getEncoder().encodeToString(key);
    signature = WebhookSignature.ofSecret(secret);
    server = HttpServer.create(new InetSocketAddress(host, 0), 16);
    server.createContext("/nodes/", this::nodeMetrics);
    server.createContext("/workloads/", this::workloadMetrics);
    server.createContext("/hooks", this::hook);
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "gpu-nodes-http");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  /** The id of the site's {@code i}-th GPU node, from 1. */
  public static String nodeId(String site, int i) {
    return site + "/gpu-node-" + i;
  }

  /** The first instant a hook moved work off {@code nodeId}, or null. */
  public synchronized Instant migratedOff(String nodeId) {
    return moves.stream().filter(m -> m.operation().equals("apply") && m.from().equals(nodeId)
        && !m.workloads().isEmpty()).map(Move::at).findFirst().orElse(null);
  }

  public String site() {
    return site;
  }

  public List<String> nodeIds() {
    return List.copyOf(nodes.keySet());
  }

  public synchronized Map<String, String> placement() {
    return Map.copyOf(placement);
  }

  public synchronized List<Move> moves() {
    return List.copyOf(moves);
  }

  /** Hook calls refused (bad signature, not JSON, an unknown node): each answered 4xx. */
  public long refused() {
    return refused.get();
  }

  /** The Standard Webhooks secret the hook checks; give it to the node that calls. */
  public String secret() {
    return secret;
  }

  public String baseUrl() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  public String metricsUrl(String nodeId) {
    return baseUrl() + "/nodes/" + nodeId + "/metrics";
  }

  public String workloadUrl(String service) {
    return baseUrl() + "/workloads/" + service + "/metrics";
  }

  public String hookUrl() {
    return baseUrl() + "/hooks";
  }

  /**
   * The nodes and workloads in the centre's topology file format ({@code nodes:}, {@code services:}),
   * to append to a file with the site: what the migrate runbook's planner reads.
   */
  public synchronized String topologyYaml() {
    StringBuilder y = new StringBuilder("nodes:\n");
    nodes.keySet().forEach(n -> y.append("  - {id: ").append(n).append(", site: ").append(site)
        .append(", cpus: 32, gpus: ").append(GPUS_PER_NODE).append("}\n"));
    y.append("services:\n");
    placement.forEach((w, n) -> y.append("  - {id: ").append(w).append(", node: ").append(n)
        .append(", needs-gpu: true}\n"));
    return y.toString();
  }

  /** A broken orchestrator: answers every hook "done" and moves nothing (tests of verification). */
  public void ignoreHooks(boolean ignore) {
    ignoreHooks = ignore;
  }

  public synchronized void fail(String nodeId, Failure failure) {
    Node n = node(nodeId);
    n.failure = failure;
    n.failedAtMs = clock.millis();
  }

  /** The node repaired (GPU reset, node back): it reports all its GPUs again, XID 0. */
  public synchronized void heal(String nodeId) {
    node(nodeId).failure = null;
  }

  /** Whether the node's GPUs can run work: not failed. */
  public synchronized boolean healthy(String nodeId) {
    return node(nodeId).failure == null;
  }

  private Node node(String id) {
    Node n = nodes.get(id);
    if (n == null) {
      throw new IllegalArgumentException("no GPU node " + id + " (known: " + nodes.keySet() + ")");
    }
    return n;
  }

  /** The node's DCGM exposition now (text format 0.0.4, as dcgm-exporter writes it). */
  public synchronized String exposition(String nodeId) {
    Node n = node(nodeId);
    long now = clock.millis();
    if (n.failure == Failure.DOUBLE_BIT_ECC) {
      n.dbe++; // a GPU with a failing HBM row keeps erroring while it is used
    }
    Family[] families = Family.values();
    StringBuilder out = new StringBuilder(4096);
    for (Family f : families) {
      out.append("# HELP ").append(f.name).append(' ').append(f.help).append('\n');
      out.append("# TYPE ").append(f.name).append(' ').append(f.counter ? "counter" : "gauge").append('\n');
      for (int gpu = 0; gpu < GPUS_PER_NODE; gpu++) {
        boolean broken = gpu == 0 && n.failure != null;
        if (broken && n.failure == Failure.FALLEN_OFF_BUS && now - n.failedAtMs >= XID_BEFORE_VANISH_MS) {
          continue; // the driver lost the GPU: none of its fields is reported any more
        }
        String pod = podOn(n.id, gpu);
        out.append(f.name).append("{gpu=\"").append(gpu).append("\",UUID=\"").append(uuid(n, gpu))
            .append("\",device=\"nvidia").append(gpu).append("\",modelName=\"").append(MODEL)
            .append("\",Hostname=\"").append(n.hostname).append('"');
        if (pod != null) {
          out.append(",container=\"").append(pod).append("\",namespace=\"").append(NAMESPACE).append("\",pod=\"")
              .append(pod).append("-0\"");
        }
        out.append("} ").append(format(value(f, n, gpu, pod != null, broken, now))).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * The workload's readiness: 1 while the node it is placed on is healthy. Its labels do not name
   * the node: a move must not make it a new series, or the old one's alarm would stay open until it
   * goes stale, and the migration's verification would wait for that.
   */
  public synchronized String workloadExposition(String service) {
    String on = placement.get(service);
    if (on == null) {
      throw new IllegalArgumentException("no workload " + service + " (known: " + placement.keySet() + ")");
    }
    return "# HELP workload_gpu_ready Whether the workload's pod runs on a healthy GPU.\n"
        + "# TYPE workload_gpu_ready gauge\n"
        + "workload_gpu_ready{namespace=\"" + NAMESPACE + "\",pod=\"" + podName(service) + "-0\"} "
        + (healthy(on) ? 1 : 0) + "\n";
  }

  /** The pod (short name) using GPU {@code gpu} of the node: workloads take GPU 0 of their node. */
  private String podOn(String nodeId, int gpu) {
    if (gpu != 0) {
      return null;
    }
    return placement.entrySet().stream().filter(e -> e.getValue().equals(nodeId)).map(e -> podName(e.getKey()))
        .findFirst().orElse(null);
  }

  private static String podName(String service) {
    return service.substring(service.indexOf('/') + 1);
  }

  private static String uuid(Node n, int gpu) {
    String h = String.format("%08x", Math.abs((n.id + "#" + gpu).hashCode()));
    return "GPU-" + h + "-5e1a-4c2b-9d3e-" + String.format("%012x", (long) gpu + 1);
  }

  /** The DCGM fields served, a subset of dcgm-exporter's default counters. */
  private enum Family {
    SM_CLOCK("DCGM_FI_DEV_SM_CLOCK", false, "SM clock frequency (in MHz)."),
    MEM_CLOCK("DCGM_FI_DEV_MEM_CLOCK", false, "Memory clock frequency (in MHz)."),
    GPU_TEMP(Dcgm.GPU_TEMP, false, "GPU temperature (in C)."),
    POWER_USAGE("DCGM_FI_DEV_POWER_USAGE", false, "Power draw (in W)."),
    GPU_UTIL(Dcgm.GPU_UTIL, false, "GPU utilization (in %)."),
    FB_USED("DCGM_FI_DEV_FB_USED", false, "Framebuffer memory used (in MiB)."),
    FB_FREE("DCGM_FI_DEV_FB_FREE", false, "Framebuffer memory free (in MiB)."),
    XID(Dcgm.XID, false, "Value of the last XID error encountered."),
    ECC_SBE("DCGM_FI_DEV_ECC_SBE_VOL_TOTAL", true, "Total number of single-bit volatile ECC errors."),
    ECC_DBE(Dcgm.ECC_DBE, true, "Total number of double-bit volatile ECC errors."),
    THERMAL(Dcgm.THERMAL_VIOLATION, true, "Throttling duration due to thermal constraints (in us)."),
    POWER(Dcgm.POWER_VIOLATION, true, "Throttling duration due to power constraints (in us).");

    final String name;
    final boolean counter;
    final String help;

    Family(String name, boolean counter, String help) {
      this.name = name;
      this.counter = counter;
      this.help = help;
    }
  }

  private static double value(Family f, Node n, int gpu, boolean busy, boolean broken, long now) {
    double wave = Math.sin(now / 7_000.0 + gpu) ; // a slow, bounded wiggle: live-looking, never near a limit
    return switch (f) {
      case SM_CLOCK -> busy ? 1410 : 210;
      case MEM_CLOCK -> 1215;
      case GPU_TEMP -> (busy ? 62 : 34) + 2 * wave;
      case POWER_USAGE -> (busy ? 285 : 55) + 10 * wave;
      case GPU_UTIL -> busy ? BUSY_UTIL + 5 * wave : IDLE_UTIL;
      case FB_USED -> busy ? 31_220 : 0;
      case FB_FREE -> busy ? 9_316 : 40_536;
      case XID -> !broken ? 0 : n.failure == Failure.FALLEN_OFF_BUS ? 79 : 48;
      case ECC_SBE -> 0;
      case ECC_DBE -> broken ? n.dbe : 0;
      case THERMAL, POWER -> 0;
    };
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format("%.3f", v);
  }

  private void nodeMetrics(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath(); // /nodes/<site>/<node>/metrics
    String id = path.substring("/nodes/".length(), Math.max("/nodes/".length(), path.lastIndexOf("/metrics")));
    if (!nodes.containsKey(id)) {
      answer(ex, 404, "text/plain", "no GPU node " + id + "\n");
      return;
    }
    answer(ex, 200, "text/plain; version=0.0.4", exposition(id));
  }

  private void workloadMetrics(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String service = path.substring("/workloads/".length(),
        Math.max("/workloads/".length(), path.lastIndexOf("/metrics")));
    synchronized (this) {
      if (!placement.containsKey(service)) {
        answer(ex, 404, "text/plain", "no workload " + service + "\n");
        return;
      }
    }
    answer(ex, 200, "text/plain; version=0.0.4", workloadExposition(service));
  }

  /**
   * The orchestrator's remediation hook: a signed CloudEvent whose action is a {@code MIGRATE} of a
   * {@code node:<id>} to the node in its {@code to} parameter. Answers 200 {@code done} once the
   * workloads are placed (synchronously: placing is instant here), 4xx for what asking again would
   * not change, deduplicating retries on the event id.
   */
  private void hook(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    if (!"POST".equals(ex.getRequestMethod())) {
      answer(ex, 405, "text/plain", "POST only\n");
      return;
    }
    var h = ex.getRequestHeaders();
    Optional<String> refusal = signature.refusal(h.getFirst(WebhookSignature.ID), h.getFirst(WebhookSignature.TIMESTAMP),
        h.getFirst(WebhookSignature.SIGNATURE), body, clock.instant());
    if (refusal.isPresent()) {
      refused.incrementAndGet();
      answer(ex, 401, "text/plain", refusal.get() + "\n");
      return;
    }
    String outcome;
    try {
      outcome = carryOut(JSON.readTree(body));
    } catch (IOException | IllegalArgumentException e) {
      refused.incrementAndGet();
      answer(ex, 400, "application/json", JSON.writeValueAsString(Map.of("outcome", "failed", "detail",
          String.valueOf(e.getMessage()), "retryable", false)));
      return;
    }
    answer(ex, 200, "application/json", JSON.writeValueAsString(Map.of("outcome", "done", "detail", outcome)));
  }

  private synchronized String carryOut(JsonNode event) {
    if (ignoreHooks) {
      return "done (ignored)";
    }
    String id = event.path("id").asText();
    if (moves.stream().anyMatch(m -> m.actionId().equals(id))) {
      return "already done"; // a retry of a delivery that was carried out
    }
    JsonNode data = event.path("data");
    String operation = data.path("operation").asText();
    JsonNode action = data.path("action");
    if (!"MIGRATE".equals(action.path("kind").asText())) {
      throw new IllegalArgumentException("this hook migrates GPU work only, not " + action.path("kind").asText());
    }
    String target = action.path("target").asText();
    if (!target.startsWith("node:")) {
      throw new IllegalArgumentException("target: node:<id>, got " + target);
    }
    String failed = target.substring("node:".length());
    String to = action.path("params").path("to").asText();
    node(failed);
    node(to);
    String from = "rollback".equals(operation) ? to : failed;
    String dest = "rollback".equals(operation) ? failed : to;
    List<String> moved = new ArrayList<>();
    placement.replaceAll((w, on) -> {
      if (on.equals(from)) {
        moved.add(w);
        return dest;
      }
      return on;
    });
    moves.add(new Move(clock.instant(), operation, id, from, dest, List.copyOf(moved)));
    return "moved " + moved + " from " + from + " to " + dest;
  }

  private static void answer(HttpExchange ex, int status, String type, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
