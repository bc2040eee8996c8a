package io.sextant.common.topology;

import java.util.Objects;

/** A cloud site: the one central cloud or an edge office. */
public record Site(String id, Kind kind) {
  public enum Kind {
    CENTRAL,
    EDGE
  }

  public Site {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
  }

  public String resource() {
    return "site:" + id;
  }
}
