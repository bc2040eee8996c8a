package io.sextant.edge.threshold;

import io.sextant.common.gpu.Dcgm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.DetectorNames;
import io.sextant.common.model.Ids;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * GPUs gone from their DCGM exporter's answer while the exporter itself still answers: what a GPU
 * that fell off the bus (XID 79) looks like from outside, since the driver stops reporting it at
 * all. A target is known by its {@code job} and {@code instance}, a GPU by its {@code UUID} (else
 * its {@code gpu} index). In a window where the target's {@code up} is 1, every GPU seen on it before
 * and without a {@code DCGM_FI_*} series now fires a {@link Dcgm#GPU_PRESENT} detection (detector
 * {@code absent}, observed 0, the GPU's identity labels and the target's resource); it resolves when
 * the GPU is back. One window is enough: unlike a scrape target, an exporter does not drop one GPU
 * of its answer by chance. A target down ({@code up} 0) or silent judges nothing: that is the
 * {@code up-down} alarm, not one per GPU.
 *
 * <p>The memory is the process's: a GPU already gone when the edge started is not known. Thread-safe
 * (the reasoner's loop; a metrics scrape).
 */
public final class VanishedGpus {
  private record Target(String job, String instance) {}

  private static final class Gpu {
    Map<String, String> labels;
    String resource;
    boolean gone;
  }

  private final Map<Target, Map<String, Gpu>> targets = new HashMap<>();

  /** One window's samples; returns the GPUs that left or came back in it. */
  public synchronized List<Detection> observe(List<Sample> samples, String site) {
    Map<Target, Instant> up = new HashMap<>();
    Map<Target, Map<String, Sample>> present = new HashMap<>();
    for (Sample s : samples) {
      if (s.metric().equals("up")) {
        if (s.value() >= 1) {
          up.merge(target(s), s.time(), (a, b) -> a.isAfter(b) ? a : b);
        }
      } else if (s.metric().startsWith(Dcgm.PREFIX)) {
        String gpu = gpuId(s.labels());
        if (gpu != null) {
          present.computeIfAbsent(target(s), t -> new HashMap<>()).putIfAbsent(gpu, s);
        }
      }
    }
    List<Detection> out = new ArrayList<>(0);
    present.forEach((target, gpus) -> gpus.forEach((id, s) -> {
      Gpu g = targets.computeIfAbsent(target, t -> new HashMap<>()).computeIfAbsent(id, k -> new Gpu());
      g.labels = identity(s.labels());
      g.resource = s.resource();
      if (g.gone) {
        g.gone = false;
        out.add(detection(site, s.time(), g, Detection.State.RESOLVED, 1));
      }
    }));
    up.forEach((target, time) -> {
      Set<String> now = present.getOrDefault(target, Map.of()).keySet();
      for (Map.Entry<String, Gpu> e : targets.getOrDefault(target, Map.of()).entrySet()) {
        Gpu g = e.getValue();
        if (!now.contains(e.getKey()) && !g.gone) {
          g.gone = true;
          out.add(detection(site, time, g, Detection.State.FIRING, 0));
        }
      }
    });
    return out;
  }

  /** GPUs gone from their exporter's answer now. */
  public synchronized int goneCount() {
    return (int) targets.values().stream().flatMap(m -> m.values().stream()).filter(g -> g.gone).count();
  }

  private static Target target(Sample s) {
    return new Target(s.labels().getOrDefault("job", ""), s.labels().getOrDefault("instance", ""));
  }

  private static String gpuId(Map<String, String> labels) {
    String uuid = labels.get(Dcgm.UUID);
    return uuid != null ? uuid : labels.get(Dcgm.GPU);
  }

  /** The labels that name the GPU and its target, not those of one series (a workload's pod). */
  private static final Set<String> IDENTITY = new HashSet<>(List.of("job", "instance", Sample.RESOURCE, Dcgm.UUID,
      Dcgm.GPU, "device", "modelName", "Hostname"));

  private static Map<String, String> identity(Map<String, String> labels) {
    Map<String, String> m = new TreeMap<>();
    labels.forEach((k, v) -> {
      if (IDENTITY.contains(k)) {
        m.put(k, v);
      }
    });
    return Labels.copyOf(m);
  }

  private static Detection detection(String site, Instant time, Gpu g, Detection.State state, double observed) {
    String id = Ids.of("det", site, DetectorNames.ABSENT, Dcgm.GPU_PRESENT,
        Long.toHexString(Ids.seriesId(site, Dcgm.GPU_PRESENT, g.labels)), state.name(),
        Long.toString(time.toEpochMilli()));
    return new Detection(id, site, time, DetectorNames.ABSENT, Dcgm.GPU_PRESENT, g.labels, g.resource, state, observed,
        1, state == Detection.State.FIRING ? 1 : 0);
  }
}
