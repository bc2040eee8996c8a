package io.sextant.common.link;

/**
 * One end of a link: {@code device} inside network namespace {@code namespace} (as {@code ip netns}
 * names it), or in the host's own namespace when {@code namespace} is null.
 */
public record LinkInterface(String namespace, String device) {
  public LinkInterface {
    if (namespace != null && !namespace.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException("namespace: letters, digits, '.', '_' or '-', got '" + namespace + "'");
    }
    if (device == null || !device.matches("[A-Za-z0-9_.:@-]{1,15}")) {
      throw new IllegalArgumentException("interface: a Linux interface name (at most 15 characters), got '"
          + device + "'");
    }
  }

  @Override
  public String toString() {
    return (namespace == null ? "" : namespace + "/") + device;
  }
}
