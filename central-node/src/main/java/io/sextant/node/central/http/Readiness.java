package io.sextant.node.central.http;

import java.util.Map;

/** What is not ready on the node, by part; empty when everything is. */
@FunctionalInterface
public interface Readiness {
  Map<String, String> problems();
}
