package io.sextant.pulsar.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The child's command line: the JVM options the parent names go right after the heap. */
class BrokerCommandTest {
  @Test
  void theParentsJvmOptionsReachTheChildsCommandLine() {
    String before = System.getProperty(BrokerProcess.JVM_OPTIONS_PROPERTY);
    try {
      System.setProperty(BrokerProcess.JVM_OPTIONS_PROPERTY, "  -XX:TieredStopAtLevel=1   -XX:+UseSerialGC ");
      List<String> cmd = BrokerProcess.command(BrokerProcess.Options.of("sextant"), "broker.jar");
      int heap = cmd.indexOf("-Xmx" + BrokerProcess.Options.of("sextant").heap());
      assertThat(cmd.subList(heap + 1, heap + 3)).containsExactly("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

      System.setProperty(BrokerProcess.JVM_OPTIONS_PROPERTY, " ");
      assertThat(BrokerProcess.command(BrokerProcess.Options.of("sextant"), "broker.jar"))
          .noneMatch(String::isBlank).noneMatch(a -> a.startsWith("-XX:"));
    } finally {
      if (before == null) {
        System.clearProperty(BrokerProcess.JVM_OPTIONS_PROPERTY);
      } else {
        System.setProperty(BrokerProcess.JVM_OPTIONS_PROPERTY, before);
      }
    }
  }
}
