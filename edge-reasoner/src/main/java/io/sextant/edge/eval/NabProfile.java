package io.sextant.edge.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One NAB application profile: the weights of a true positive, a missed window and a false
 * positive. {@code tnWeight} exists in NAB's profiles.json but NAB never uses it, so neither do we.
 */
public record NabProfile(String name, double tpWeight, double fnWeight, double fpWeight) {
  public static final NabProfile STANDARD = new NabProfile("standard", 1.0, 1.0, 0.11);
  public static final NabProfile REWARD_LOW_FP = new NabProfile("reward_low_FP_rate", 1.0, 1.0, 0.22);
  public static final NabProfile REWARD_LOW_FN = new NabProfile("reward_low_FN_rate", 1.0, 2.0, 0.11);

  public NabProfile {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("profile name: must not be blank");
    }
    if (!(tpWeight > 0) || !(fnWeight >= 0) || !(fpWeight >= 0)) {
      throw new IllegalArgumentException("profile " + name + ": tpWeight must be > 0, fnWeight and fpWeight >= 0");
    }
  }

  /** NAB v1.1's three profiles with the weights of its config/profiles.json. */
  public static List<NabProfile> defaults() {
    return List.of(STANDARD, REWARD_LOW_FP, REWARD_LOW_FN);
  }

  /** Reads a NAB profiles.json ({@code {name: {CostMatrix: {tpWeight, fnWeight, fpWeight}}}}). */
  public static List<NabProfile> load(Path profilesJson) throws IOException {
    JsonNode root = new ObjectMapper().readTree(profilesJson.toFile());
    List<NabProfile> profiles = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode m = e.getValue().path("CostMatrix");
      if (!m.has("tpWeight") || !m.has("fnWeight") || !m.has("fpWeight")) {
        throw new IOException(profilesJson + ": profile " + e.getKey() + " lacks CostMatrix tpWeight/fnWeight/fpWeight");
      }
      profiles.add(new NabProfile(e.getKey(), m.get("tpWeight").asDouble(), m.get("fnWeight").asDouble(),
          m.get("fpWeight").asDouble()));
    }
    return List.copyOf(profiles);
  }
}
