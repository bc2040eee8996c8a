package io.sextant.pulsar.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone child JVM does not outlive a parent killed with SIGKILL (no shutdown hook runs
 * then): it watches its parent and stops itself. Its own class, so it runs beside
 * {@link StandaloneChildIT} in the other test JVM (each starts brokers, 20-40 s apiece).
 */
class OrphanedChildIT {
  @TempDir Path dir;

  @Test
  void theChildDoesNotOutliveAParentKilledWithSigkill() throws Exception {
    Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Parent.class.getName(), dir.resolve("parent-pulsar.log").toString())
        .redirectErrorStream(true).start();
    try {
      long brokerPid;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("BROKER PID ")) {
          System.out.println("parent: " + line);
        }
        assertThat(line).as("the parent started a broker").isNotNull();
        brokerPid = Long.parseLong(line.substring("BROKER PID ".length()));
        Optional<ProcessHandle> broker = ProcessHandle.of(brokerPid);
        assertThat(broker).isPresent();
        parent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        broker.get().onExit().get(60, TimeUnit.SECONDS);
        System.out.printf("STANDALONE-CHILD gone %d ms after its parent was killed%n", (System.nanoTime() - t0) / 1_000_000);
      }
      assertThat(ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
    } finally {
      parent.destroyForcibly();
    }
  }

  /** A parent JVM that starts a broker and waits to be killed. */
  public static final class Parent {
    public static void main(String[] args) throws Exception {
      BrokerProcess pulsar = BrokerProcess.start(BrokerProcess.Options.of("sextant", "central").withLog(Path.of(args[0])));
      System.out.println("BROKER PID " + pulsar.pid());
      System.out.flush();
      Thread.sleep(Duration.ofMinutes(10).toMillis());
    }
  }

}
