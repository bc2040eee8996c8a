package io.sextant.runbook.safety;

import java.time.Instant;
import java.util.Optional;

/**
 * Periods outside Sextant's own switches in which a change must wait: the centre wires the alarm
 * service's silences and maintenance windows here. Returns why {@code target} at {@code site} is
 * blacked out at {@code at}, or empty.
 */
@FunctionalInterface
public interface Blackouts {
  Optional<String> blocks(String site, String target, Instant at);

  static Blackouts none() {
    return (site, target, at) -> Optional.empty();
  }
}
