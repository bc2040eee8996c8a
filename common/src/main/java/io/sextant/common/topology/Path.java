package io.sextant.common.topology;

import java.util.List;
import java.util.Objects;

/**
 * The route a probe takes from one site to another: the links crossed, in order. A path's id is
 * stable ({@code src>dst}) while its links change when traffic is rerouted.
 */
public record Path(String src, String dst, List<String> links) {
  public Path {
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(dst, "dst");
    links = List.copyOf(links);
  }

  public static String idOf(String src, String dst) {
    return src + ">" + dst;
  }

  public String id() {
    return idOf(src, dst);
  }

  public String resource() {
    return "path:" + id();
  }

  public boolean crosses(String linkId) {
    return links.contains(linkId);
  }
}
