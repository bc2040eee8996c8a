package io.sextant.alarm.silence;

import io.sextant.common.match.Matcher;
import java.util.List;
import java.util.Objects;

/**
 * As Alertmanager's {@code inhibit_rules}: while an open alarm matches {@code source}, alarms
 * matching {@code target} that have the same values for every {@code equal} label (a label absent
 * on both counts as equal) are not notified. An alarm never inhibits itself.
 */
public record InhibitRule(String name, List<Matcher> source, List<Matcher> target, List<String> equal) {
  public InhibitRule {
    Objects.requireNonNull(name, "name");
    source = List.copyOf(source);
    target = List.copyOf(target);
    equal = List.copyOf(equal);
    if (source.isEmpty() || target.isEmpty()) {
      throw new IllegalArgumentException("inhibit rule " + name + " needs source and target matchers");
    }
  }
}
