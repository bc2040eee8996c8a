package io.sextant.node.central;

import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.central.liveness.NoDataSettings;
import java.util.List;
import java.util.Objects;

/**
 * What the centre's alarms are made of besides the alarm service's own settings: the catalog that
 * gives detections their X.733 fields, and the no-data watch over the served sites.
 *
 * @param sites the sites whose silence is an alarm (the centre's served sites)
 */
public record CentralOptions(AlarmCatalog catalog, List<String> sites, NoDataSettings noData) {
  public CentralOptions {
    Objects.requireNonNull(catalog, "catalog");
    sites = List.copyOf(sites);
    Objects.requireNonNull(noData, "noData");
  }

  /** The built-in catalog and the default no-data watch over {@code sites}. */
  public static CentralOptions defaults(List<String> sites) {
    return new CentralOptions(AlarmCatalog.defaults(), sites, NoDataSettings.defaults());
  }
}
