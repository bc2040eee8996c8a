package io.sextant.testkit.peer;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real peers (Debian's Prometheus, Alertmanager, node exporter) that a test needs. CI runs as root
 * and {@code scripts/test.sh} installs them there, so a missing peer fails the test as root and is
 * skipped, with the reason, only on a developer's machine without them.
 */
public final class Peers {
  private Peers() {}

  /** Returns {@code binary} if it is executable; otherwise fails (as root) or skips the test. */
  public static Path require(Path binary, String debianPackage) {
    if (Files.isExecutable(binary)) {
      return binary;
    }
    String why = binary + " is missing: apt-get install " + debianPackage + " (scripts/test.sh does)";
    if ("root".equals(System.getProperty("user.name"))) {
      fail(why);
    }
    assumeTrue(false, why);
    return binary;
  }
}
