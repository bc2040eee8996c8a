package io.sextant.node.central.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options {@code bin/sextant} gives {@code sextant central}, read from the launcher in the
 * source tree, so the bench can say whether it runs the centre as the product does: the heap and
 * the collector move the figures (docs/benchmarks-alarms.md, "The collector").
 */
final class LauncherOptions {
  private static final Pattern CENTRAL = Pattern.compile("^\\s*central\\)\\s*opts=\"([^\"]*)\"", Pattern.MULTILINE);

  private LauncherOptions() {}

  /** The launcher's options for the centre; empty if the launcher is not found from here. */
  static List<String> central() throws IOException {
    for (Path p : List.of(Path.of("deploy/src/dist/bin/sextant"), Path.of("../deploy/src/dist/bin/sextant"))) {
      if (Files.isRegularFile(p)) {
        Matcher m = CENTRAL.matcher(Files.readString(p));
        return m.find() ? Arrays.asList(m.group(1).trim().split("\\s+")) : List.of();
      }
    }
    return List.of();
  }

  /** A line for the bench's header: the launcher's options, and whether this JVM has them all. */
  static String check() throws IOException {
    List<String> wanted = central();
    List<String> have = ManagementFactory.getRuntimeMXBean().getInputArguments();
    if (wanted.isEmpty()) {
      return "JVM options: launcher not found (run from the repository or central-node), collector " + GcPauses.collectors();
    }
    List<String> missing = wanted.stream().filter(o -> !have.contains(o)).toList();
    return "JVM options of `sextant central` " + String.join(" ", wanted) + (missing.isEmpty() ? ": all given"
        : ": NOT AS THE PRODUCT RUNS, missing " + String.join(" ", missing)) + "; collector " + GcPauses.collectors();
  }
}
