package io.sextant.dashboards.grafana;

import io.sextant.dashboards.model.Variable;
import java.util.List;

/**
 * The current value of a template variable: the selected values, or All (then {@code values}
 * are all the options, unless the variable has a custom all value, which Grafana inserts raw).
 */
public record Selection(Variable variable, List<String> values, boolean all) {
  public Selection {
    values = List.copyOf(values);
    if (!all && values.isEmpty()) {
      throw new IllegalArgumentException(variable.name() + ": a selection needs a value (or All)");
    }
  }

  public static Selection of(Variable variable, List<String> values) {
    return new Selection(variable, values, false);
  }

  public static Selection all(Variable variable, List<String> options) {
    return new Selection(variable, options, true);
  }
}
