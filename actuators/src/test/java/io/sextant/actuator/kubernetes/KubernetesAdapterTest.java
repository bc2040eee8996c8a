package io.sextant.actuator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.sextant.actuator.CallLog;
import io.sextant.actuator.Counters;
import io.sextant.common.action.ActionResult;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionEvent;
import io.sextant.common.model.ActionKind;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter against fabric8's API-server mock in CRUD mode: the calls it makes (scale, cordon,
 * Eviction, uncordon) are asserted from the requests the server recorded, and the outcome from the
 * objects read back. The test never creates or deletes pods to fake a move: where evicted pods
 * land is the scheduler's work, which the mock does not do. Nor does the CRUD mock implement the
 * Eviction subresource (it answers 409), so each test tells it to answer evictions as an API server
 * does: 201 when allowed, 429 when a PodDisruptionBudget forbids it.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesAdapterTest {
  static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
  KubernetesMockServer server;
  KubernetesClient client;
  final List<ActionEvent> audit = new ArrayList<>();
  final Counters counters = new Counters();
  KubernetesAdapter adapter;

  @BeforeEach
  void cluster() throws Exception {
    server.reset(); // one server per class: every test starts from the same cluster
    // As the adapter's own client: no retry loop on a 429 (the adapter reports it; the executor decides).
    client = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration())
            .withRequestRetryBackoffLimit(0).build())
        .withHttpClientFactory(new io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory()).build();
    adapter = new KubernetesAdapter(client, new KubernetesSettings(null, null, "ran", null),
        new CallLog(Clock.systemUTC(), audit::add), counters);
    client.nodes().resource(node("gpu-1", 4)).create();
    client.nodes().resource(node("gpu-2", 4)).create();
    client.nodes().resource(node("cpu-1", 0)).create();
    client.pods().inNamespace("ran").resource(pod("du-0", "gpu-1", 2, null)).create();
    client.pods().inNamespace("ran").resource(pod("du-1", "gpu-1", 1, null)).create();
    client.pods().inNamespace("kube-system").resource(pod("gpu-plugin-x", "gpu-1", 0, "DaemonSet")).create();
    client.pods().inNamespace("ran").resource(pod("cu-0", "gpu-2", 1, null)).create();
    client.apps().deployments().inNamespace("ran").resource(new DeploymentBuilder().withNewMetadata().withName("upf")
        .endMetadata().withNewSpec().withReplicas(2).endSpec().build()).create();
    client.apps().statefulSets().inNamespace("ran").resource(new StatefulSetBuilder().withNewMetadata()
        .withName("amf").endMetadata().withNewSpec().withReplicas(3).endSpec().build()).create();
    for (String p : List.of("du-0", "du-1", "cu-0", "cu-1")) {
      evictionAnswers(p, 201);
    }
    drainRecorded();
  }

  void evictionAnswers(String pod, int status) {
    server.expect().post().withPath("/api/v1/namespaces/ran/pods/" + pod + "/eviction")
        .andReturn(status, new io.fabric8.kubernetes.api.model.StatusBuilder()
            .withStatus(status == 201 ? "Success" : "Failure").withCode(status)
            .withMessage(status == 201 ? "" : "Cannot evict pod as it would violate the pod's disruption budget.")
            .build())
        .always();
  }

  @Test
  void anEvictionAPodDisruptionBudgetRefusesFailsRetryablyAndTheDispatcherCanUndoTheCordon() throws Exception {
    server.clearExpectations();
    evictionAnswers("du-0", 201);
    evictionAnswers("du-1", 429);
    Action migrate = action(ActionKind.MIGRATE, "node:edge-1/gpu-1", Map.of());
    ActionResult r = adapter.apply(migrate, "drain");
    assertThat(r.ok()).isFalse();
    assertThat(r.retryable()).isTrue();
    assertThat(r.detail()).contains("evicted [ran/du-0], refused [ran/du-1]");
    assertThat(audit).extracting(ActionEvent::detail)
        .contains("kubernetes evict ran/du-1: refused (a PodDisruptionBudget holds it)");
    assertThat(adapter.undo(migrate, "drain").ok()).isTrue();
    assertThat(client.nodes().withName("gpu-1").get().getSpec().getUnschedulable()).isFalse();
  }

  @Test
  void scalesADeploymentOrAStatefulSetAndTheUndoScalesBack() throws Exception {
    Action out = action(ActionKind.SCALE_OUT, "service:edge-1/upf", Map.of("replicas", "5", "from", "2"));
    ActionResult r = adapter.apply(out, "scale");
    assertThat(r.ok()).as(r.detail()).isTrue();
    assertThat(r.detail()).isEqualTo("Deployment ran/upf scaled 2 -> 5");
    assertThat(client.apps().deployments().inNamespace("ran").withName("upf").get().getSpec().getReplicas()).isEqualTo(5);
    assertThat(writes()).anyMatch(w -> w.startsWith("PUT /apis/apps/v1/namespaces/ran/deployments/upf")
        || w.startsWith("PATCH /apis/apps/v1/namespaces/ran/deployments/upf"));

    assertThat(adapter.undo(out, "scale").ok()).isTrue();
    assertThat(client.apps().deployments().inNamespace("ran").withName("upf").get().getSpec().getReplicas()).isEqualTo(2);

    Action in = action(ActionKind.SCALE_IN, "service:edge-1/amf", Map.of("replicas", "1", "from", "3"));
    assertThat(adapter.apply(in, "scale").detail()).isEqualTo("StatefulSet ran/amf scaled 3 -> 1");
    assertThat(audit).extracting(ActionEvent::detail)
        .contains("kubernetes scale replicas: Deployment ran/upf replicas 2 -> 5, read back 5");
  }

  @Test
  void drainsAFailedGpuNodeThroughTheEvictionApiAndTheUndoUncordonsIt() throws Exception {
    Action migrate = action(ActionKind.MIGRATE, "node:edge-1/gpu-1", Map.of("to", "gpu-2"));
    ActionResult r = adapter.apply(migrate, "drain");
    assertThat(r.ok()).as(r.detail()).isTrue();
    assertThat(r.detail()).startsWith("node gpu-1 cordoned, 2 pod(s) evicted [ran/du-0, ran/du-1]");
    List<String> calls = writes();
    assertThat(calls).containsSubsequence(
        "PATCH /api/v1/nodes/gpu-1",
        "POST /api/v1/namespaces/ran/pods/du-0/eviction",
        "POST /api/v1/namespaces/ran/pods/du-1/eviction");
    assertThat(calls).noneMatch(c -> c.contains("gpu-plugin-x")).as("a DaemonSet pod is left alone")
        .noneMatch(c -> c.startsWith("DELETE")).noneMatch(c -> c.startsWith("POST /api/v1/namespaces/ran/pods "));
    assertThat(client.nodes().withName("gpu-1").get().getSpec().getUnschedulable()).isTrue();

    ActionResult undo = adapter.undo(migrate, "drain");
    assertThat(undo.ok()).as(undo.detail()).isTrue();
    assertThat(writes()).containsExactly("PATCH /api/v1/nodes/gpu-1");
    assertThat(client.nodes().withName("gpu-1").get().getSpec().getUnschedulable()).isFalse();
  }

  @Test
  void refusesToDrainWhenNoOtherNodeHasTheFreeGpusAndTouchesNothing() throws Exception {
    client.pods().inNamespace("ran").resource(pod("cu-1", "gpu-2", 2, null)).create(); // gpu-2: 1 of 4 free
    drainRecorded();
    ActionResult r = adapter.apply(action(ActionKind.MIGRATE, "node:edge-1/gpu-1", Map.of()), "drain");
    assertThat(r.ok()).isFalse();
    assertThat(r.retryable()).isFalse();
    assertThat(r.detail()).contains("pod du-0 needs 2 nvidia.com/gpu").contains("gpu-2=1");
    assertThat(writes()).isEmpty();
    assertThat(counters.get("kubernetes_no_gpu_room")).isEqualTo(1);
  }

  @Test
  void aMissingObjectOrABadParameterIsAClearNonRetryableFailure() {
    ActionResult missing = adapter.apply(action(ActionKind.SCALE_OUT, "service:edge-1/nope",
        Map.of("replicas", "2")), "scale");
    assertThat(missing.detail()).isEqualTo("kubernetes scale: no Deployment or StatefulSet ran/nope");
    ActionResult bad = adapter.apply(action(ActionKind.SCALE_OUT, "service:edge-1/upf", Map.of("replicas", "many")),
        "scale");
    assertThat(bad.retryable()).isFalse();
    assertThat(bad.detail()).contains("'replicas' must be a whole number");
    assertThat(adapter.apply(action(ActionKind.RESTART, "service:edge-1/upf", Map.of()), "reboot").detail())
        .contains("no operation 'reboot'");
  }

  static Action action(ActionKind kind, String target, Map<String, String> params) {
    return new Action(null, "edge-1", T, kind, target, params, "rb", "trigger-1", null);
  }

  static io.fabric8.kubernetes.api.model.Node node(String name, int gpus) {
    return new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().endSpec()
        .withNewStatus().addToAllocatable("nvidia.com/gpu", new Quantity(Integer.toString(gpus)))
        .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
  }

  static Pod pod(String name, String node, int gpus, String owner) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName(name).endMetadata();
    if (owner != null) {
      b.editMetadata().addNewOwnerReference().withKind(owner).withName("x").withApiVersion("apps/v1").withUid("u")
          .endOwnerReference().endMetadata();
    }
    return b.withNewSpec().withNodeName(node).addNewContainer().withName("c").withNewResources()
        .addToLimits("nvidia.com/gpu", new Quantity(Integer.toString(gpus))).endResources().endContainer().endSpec()
        .withNewStatus().withPhase("Running").endStatus().build();
  }

  /** The writes (not reads) the server received since the last call, as "METHOD path". */
  List<String> writes() throws InterruptedException {
    List<String> out = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      if (!r.getMethod().equals("GET")) {
        out.add(r.getMethod() + " " + r.getPath());
      }
    }
    return out;
  }

  void drainRecorded() throws InterruptedException {
    writes();
  }
}
