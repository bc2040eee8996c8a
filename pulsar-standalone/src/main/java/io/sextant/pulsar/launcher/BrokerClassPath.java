package io.sextant.pulsar.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the class path the standalone child runs on: this module's own jar (or classes directory)
 * first, then the broker's libraries, taken from the first of
 * <ol>
 *   <li>{@value #LIB_DIR}: a directory beside this module's jar (in a distribution whose jars sit
 *       in {@code lib/}, that is {@code lib/pulsar/}); every {@code *.jar} in it, by name;
 *   <li>the resource {@value #RESOURCE} inside this module's jar: the absolute paths of its runtime
 *       dependencies, written at build time by {@code maven-dependency-plugin:build-classpath}
 *       (they point into the local Maven repository, so this serves builds and a source checkout's
 *       {@code ./sextant}, not a distribution copied to another machine).
 * </ol>
 */
public final class BrokerClassPath {
  /** The directory name, beside this module's jar, holding the broker's jars in a distribution. */
  public static final String LIB_DIR = "pulsar";
  /** The build-time list of the broker's jars (entries separated by the platform's path separator). */
  public static final String RESOURCE = "io/sextant/pulsar/launcher/broker-classpath.txt";

  private BrokerClassPath() {}

  /** The class path for {@link Protocol#MAIN_CLASS}, as {@code java -cp} takes it. */
  public static String find() throws IOException {
    return find(selfLocation());
  }

  /** The class path for a pulsar-standalone jar (or classes directory) at {@code self}. */
  static String find(Path self) throws IOException {
    List<String> entries = new ArrayList<>();
    entries.add(self.toString());
    Path lib = self.getParent() == null ? null : self.getParent().resolve(LIB_DIR);
    if (Files.isRegularFile(self) && lib != null && Files.isDirectory(lib)) {
      try (Stream<Path> jars = Files.list(lib)) {
        jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted()
            .forEach(p -> entries.add(p.toAbsolutePath().toString()));
      }
      if (entries.size() == 1) {
        throw new IOException(lib + " holds no jars: it should hold the Pulsar broker's libraries");
      }
      return String.join(File.pathSeparator, entries);
    }
    String listed = resource(self);
    for (String e : listed.strip().split(File.pathSeparator)) {
      if (e.isBlank()) {
        continue;
      }
      if (!Files.exists(Path.of(e))) {
        throw new IOException("the broker class path in " + self + " names " + e + ", which does not exist here; "
            + "a distribution must ship the broker's jars in " + lib + " (docs/pulsar.md)");
      }
      entries.add(e);
    }
    return String.join(File.pathSeparator, entries);
  }

  /** This module's jar, or its classes directory in a build. */
  static Path selfLocation() throws IOException {
    try {
      return Path.of(BrokerClassPath.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
    } catch (URISyntaxException | NullPointerException e) {
      throw new IOException("cannot tell where the pulsar-standalone classes were loaded from", e);
    }
  }

  private static String resource(Path self) throws IOException {
    try (InputStream in = BrokerClassPath.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException("neither " + self.resolveSibling(LIB_DIR) + " nor the resource " + RESOURCE + " in " + self
            + " says where the Pulsar broker's jars are (docs/pulsar.md)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
