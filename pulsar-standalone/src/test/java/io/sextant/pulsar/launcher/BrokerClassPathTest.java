package io.sextant.pulsar.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerClassPathTest {
  @TempDir Path dir;

  @Test
  void aDistributionsLibPulsarDirectoryComesFirst() throws IOException {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    Path self = Files.createFile(lib.resolve("pulsar-standalone-1.0.jar"));
    Path pulsar = Files.createDirectories(lib.resolve("pulsar"));
    Files.createFile(pulsar.resolve("b.jar"));
    Files.createFile(pulsar.resolve("a.jar"));
    Files.createFile(pulsar.resolve("README.txt"));
    assertThat(List.of(BrokerClassPath.find(self).split(File.pathSeparator)))
        .containsExactly(self.toString(), pulsar.resolve("a.jar").toString(), pulsar.resolve("b.jar").toString());
  }

  @Test
  void anEmptyLibPulsarDirectoryIsAnError() throws IOException {
    Path self = Files.createFile(dir.resolve("pulsar-standalone-1.0.jar"));
    Files.createDirectories(dir.resolve("pulsar"));
    assertThatThrownBy(() -> BrokerClassPath.find(self)).hasMessageContaining("holds no jars");
  }

  @Test
  void aBuildUsesTheListWrittenAtBuildTime() throws IOException {
    Path classes = BrokerClassPath.selfLocation();
    String[] entries = BrokerClassPath.find(classes).split(File.pathSeparator);
    assertThat(entries[0]).isEqualTo(classes.toString());
    assertThat(entries).anyMatch(e -> e.contains("pulsar-broker-4.0.7.jar")).allMatch(e -> Files.exists(Path.of(e)));
  }
}
