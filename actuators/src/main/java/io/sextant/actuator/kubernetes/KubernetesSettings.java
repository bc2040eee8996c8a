package io.sextant.actuator.kubernetes;

import java.nio.file.Path;

/**
 * {@code actuators.kubernetes}.
 *
 * @param kubeconfig the cluster's kubeconfig (null: the usual discovery, e.g. in-cluster)
 * @param context the kubeconfig context (null: its current one)
 * @param namespace where workloads are looked up unless the action names one ({@code namespace})
 * @param gpuResource the extended resource GPUs are counted in
 */
public record KubernetesSettings(Path kubeconfig, String context, String namespace, String gpuResource) {
  public static final String DEFAULT_NAMESPACE = "default";
  public static final String DEFAULT_GPU_RESOURCE = "nvidia.com/gpu";

  public KubernetesSettings {
    namespace = namespace == null ? DEFAULT_NAMESPACE : namespace;
    gpuResource = gpuResource == null ? DEFAULT_GPU_RESOURCE : gpuResource;
  }
}
