package io.sextant.common.netns;

/**
 * A veth pair between two namespaces: interface {@code ifA} with address {@code addressA} in
 * {@code a}, {@code ifB} with {@code addressB} in {@code b} (addresses without the prefix length).
 */
public record Link(Netns a, String ifA, String addressA, Netns b, String ifB, String addressB) {
  /** Sets the link down or up; its far end loses or regains its carrier with it. */
  public void set(boolean up) {
    a.ip("link", "set", "dev", ifA, up ? "up" : "down");
  }
}
