package io.sextant.deploy.config;

import io.sextant.store.RetentionSettings;
import java.nio.file.Path;

/**
 * What only the centre reads.
 *
 * @param policyFile the sites' upload policies, published on the compacted {@code policies} topic
 *     at start, when the file changes and every 5 minutes; null for none (edges upload everything raw)
 * @param topologyFile a live centre's topology (sites, links, probe paths; see docs/topology.md),
 *     which link localization reasons on; null for none. A simulated centre takes the simulated one.
 * @param retention how long raw samples and rollups are kept ({@code store.retention})
 */
public record CentralSettings(Path policyFile, Path topologyFile, RetentionSettings retention) {
  public CentralSettings {
    retention = retention == null ? RetentionSettings.defaults() : retention;
  }

  public static CentralSettings defaults() {
    return new CentralSettings(null, null, null);
  }
}
