package io.sextant.actuator.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.sextant.actuator.Adapter;
import io.sextant.actuator.CallLog;
import io.sextant.actuator.Counters;
import io.sextant.common.action.ActionResult;
import io.sextant.common.model.Action;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes operations for the steps {@code kubernetes:scale} (target {@code service:<site>/<name>}:
 * the Deployment, else the StatefulSet, of that name; parameters {@code replicas}, and {@code from}
 * for the undo) and {@code kubernetes:drain} (target {@code node:<site>/<name>}: cordon, then evict
 * every pod but DaemonSet and mirror pods; the undo uncordons). Each request and its answer go into
 * the audit; the outcome is read back from the API server. An API error is retryable (the server
 * may be busy), a missing object is not.
 */
public final class KubernetesAdapter implements Adapter, AutoCloseable {
  /** One request's limit; a busy API server is reported (retryable), not waited on for minutes. */
  static final int REQUEST_TIMEOUT_MS = 10_000;
  private static final String UNSCHEDULABLE = "{\"spec\":{\"unschedulable\":%s}}";

  private final KubernetesClient client;
  private final KubernetesSettings settings;
  private final CallLog log;
  private final Counters counters;

  public KubernetesAdapter(KubernetesClient client, KubernetesSettings settings, CallLog log, Counters counters) {
    this.client = client;
    this.settings = settings;
    this.log = log;
    this.counters = counters;
  }

  /** A client on the JDK's HTTP client (no Netty, no Vert.x) from the configured kubeconfig. */
  public static KubernetesAdapter connect(KubernetesSettings s, CallLog log, Counters counters) throws IOException {
    Config config = s.kubeconfig() == null ? Config.autoConfigure(s.context())
        : Config.fromKubeconfig(s.context(), Files.readString(s.kubeconfig()), s.kubeconfig().toString());
    config.setRequestTimeout(REQUEST_TIMEOUT_MS);
    config.setRequestRetryBackoffLimit(1);
    KubernetesClient c = new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(new JdkHttpClientFactory()).build();
    return new KubernetesAdapter(c, s, log, counters);
  }

  @Override
  public ActionResult apply(Action action, String name) {
    return call(action, name, false);
  }

  @Override
  public ActionResult undo(Action action, String name) {
    return call(action, name, true);
  }

  private ActionResult call(Action action, String op, boolean undo) {
    try {
      return switch (op) {
        case "scale" -> scale(action, undo ? "from" : "replicas");
        case "drain" -> undo ? uncordon(action) : drain(action);
        default -> {
          counters.count("kubernetes_unknown_operation");
          yield ActionResult.failed("kubernetes: no operation '" + op + "' (scale or drain)", false);
        }
      };
    } catch (KubernetesClientException e) {
      counters.count("kubernetes_api_error");
      log.record(action, "kubernetes " + op + (undo ? " undo" : ""), "API error " + e.getCode() + ": "
          + e.getMessage());
      return ActionResult.failed("kubernetes " + op + ": API error " + e.getCode() + ": " + e.getMessage(), true);
    } catch (IllegalArgumentException e) {
      counters.count("kubernetes_bad_action");
      return ActionResult.failed("kubernetes " + op + ": " + e.getMessage(), false);
    }
  }

  private ActionResult scale(Action action, String param) {
    String name = objectName(action, "service:");
    String ns = action.params().getOrDefault("namespace", settings.namespace());
    int replicas;
    try {
      replicas = Integer.parseInt(action.param(param));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("parameter '" + param + "' must be a whole number");
    }
    Resource<Deployment> d = client.apps().deployments().inNamespace(ns).withName(name);
    Resource<StatefulSet> s = client.apps().statefulSets().inNamespace(ns).withName(name);
    String what;
    Integer before;
    Integer after;
    if (d.get() != null) {
      what = "Deployment " + ns + "/" + name;
      before = d.get().getSpec().getReplicas();
      d.scale(replicas);
      after = d.get().getSpec().getReplicas();
    } else if (s.get() != null) {
      what = "StatefulSet " + ns + "/" + name;
      before = s.get().getSpec().getReplicas();
      s.scale(replicas);
      after = s.get().getSpec().getReplicas();
    } else {
      counters.count("kubernetes_not_found");
      return ActionResult.failed("kubernetes scale: no Deployment or StatefulSet " + ns + "/" + name, false);
    }
    log.record(action, "kubernetes scale " + param, what + " replicas " + before + " -> " + replicas
        + ", read back " + after);
    if (after == null || after != replicas) {
      return ActionResult.failed("kubernetes scale: " + what + " reports " + after + " replicas, not " + replicas, true);
    }
    return ActionResult.ok(what + " scaled " + before + " -> " + after);
  }

  private ActionResult drain(Action action) {
    String nodeName = objectName(action, "node:");
    Node node = client.nodes().withName(nodeName).get();
    if (node == null) {
      counters.count("kubernetes_not_found");
      return ActionResult.failed("kubernetes drain: no node " + nodeName, false);
    }
    List<Pod> all = client.pods().inAnyNamespace().list().getItems();
    List<Pod> moving = all.stream().filter(p -> nodeName.equals(p.getSpec().getNodeName()))
        .filter(KubernetesAdapter::evictable).toList();
    String gpu = settings.gpuResource();
    Map<String, Long> free = GpuRoom.free(client.nodes().list().getItems(), all, nodeName, gpu);
    Optional<String> shortfall = GpuRoom.shortfall(moving, free, gpu);
    if (shortfall.isPresent()) {
      counters.count("kubernetes_no_gpu_room");
      log.record(action, "kubernetes drain", "refused before touching " + nodeName + ": " + shortfall.get());
      return ActionResult.failed("kubernetes drain " + nodeName + ": " + shortfall.get(), false);
    }
    client.nodes().withName(nodeName).patch(PatchContext.of(PatchType.JSON_MERGE), UNSCHEDULABLE.formatted(true));
    log.record(action, "kubernetes cordon", "node " + nodeName + " unschedulable");
    List<String> evicted = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (Pod p : moving) {
      String id = p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
      boolean ok = client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName())
          .evict();
      log.record(action, "kubernetes evict " + id, ok ? "accepted" : "refused (a PodDisruptionBudget holds it)");
      (ok ? evicted : refused).add(id);
    }
    Node after = client.nodes().withName(nodeName).get();
    boolean cordoned = after != null && Boolean.TRUE.equals(after.getSpec().getUnschedulable());
    if (!cordoned) {
      return ActionResult.failed("kubernetes drain: node " + nodeName + " does not read back as unschedulable", true);
    }
    if (!refused.isEmpty()) {
      counters.count("kubernetes_eviction_refused");
      return ActionResult.failed("kubernetes drain " + nodeName + ": cordoned, evicted " + evicted + ", refused "
          + refused, true);
    }
    return ActionResult.ok("node " + nodeName + " cordoned, " + evicted.size() + " pod(s) evicted " + evicted
        + "; free " + gpu + " elsewhere: " + free);
  }

  private ActionResult uncordon(Action action) {
    String nodeName = objectName(action, "node:");
    if (client.nodes().withName(nodeName).get() == null) {
      return ActionResult.failed("kubernetes uncordon: no node " + nodeName, false);
    }
    client.nodes().withName(nodeName).patch(PatchContext.of(PatchType.JSON_MERGE), UNSCHEDULABLE.formatted(false));
    Node after = client.nodes().withName(nodeName).get();
    boolean schedulable = !Boolean.TRUE.equals(after.getSpec().getUnschedulable());
    log.record(action, "kubernetes uncordon", "node " + nodeName + (schedulable ? " schedulable" : " still unschedulable"));
    return schedulable ? ActionResult.ok("node " + nodeName + " uncordoned (evicted pods stay where the scheduler put them)")
        : ActionResult.failed("kubernetes uncordon: node " + nodeName + " still reads back unschedulable", true);
  }

  /** DaemonSet pods are not evicted (they would come back), mirror pods cannot be, finished ones need not be. */
  private static boolean evictable(Pod p) {
    boolean daemon = p.getMetadata().getOwnerReferences() != null && p.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> "DaemonSet".equals(o.getKind()));
    boolean mirror = p.getMetadata().getAnnotations() != null
        && p.getMetadata().getAnnotations().containsKey("kubernetes.io/config.mirror");
    String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
    return !daemon && !mirror && !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }

  /** {@code service:edge-1/web} → {@code web}: the site names the cluster, the rest the object. */
  private static String objectName(Action action, String prefix) {
    String t = action.target();
    if (!t.startsWith(prefix)) {
      throw new IllegalArgumentException("target " + t + " is not a " + prefix.substring(0, prefix.length() - 1));
    }
    String id = t.substring(prefix.length());
    return id.substring(id.lastIndexOf('/') + 1);
  }

  @Override
  public void close() {
    client.close();
  }
}
