package io.sextant.collector.source.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sextant.common.model.Sample;
import io.sextant.common.time.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostSourceTest {
  static final Instant T = Instant.parse("2026-01-05T10:00:00Z");

  static double value(List<Sample> s, String metric, String label, String labelValue) {
    return s.stream().filter(x -> x.metric().equals(metric)
            && (label == null ? x.labels().size() == 1 : labelValue.equals(x.labels().get(label))))
        .findFirst().orElseThrow(() -> new AssertionError("no " + metric + " " + labelValue + " in " + s)).value();
  }

  @Test
  void readsThisMachinesRealProc() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/stat")), "needs Linux /proc");
    HostSource host = HostSource.ofThisHost("edge-1", "n1", Clock.systemUTC());
    List<Sample> first = host.collect(Instant.now());
    assertThat(first).extracting(Sample::metric).contains("host_memory_total_bytes", "host_memory_used_ratio")
        .doesNotContain("host_cpu_busy_ratio");
    assertThat(value(first, "host_memory_total_bytes", null, null)).isGreaterThan(16e6);
    long end = System.nanoTime() + 300_000_000L;
    double sink = 0;
    while (System.nanoTime() < end) {
      sink += Math.sqrt(sink + 1); // keep a CPU busy so some ticks pass
    }
    assertThat(sink).isPositive();
    List<Sample> second = host.collect(Instant.now());
    double sum = second.stream().filter(s -> s.metric().equals("host_cpu_ratio")).mapToDouble(Sample::value).sum();
    assertThat(sum).isCloseTo(1.0, within(1e-9));
    assertThat(value(second, "host_cpu_busy_ratio", null, null)).isBetween(0.0, 1.0);
    assertThat(second).filteredOn(s -> s.metric().equals("host_network_receive_bytes:rate"))
        .extracting(s -> s.labels().get("interface")).contains("lo");
    assertThat(second).allSatisfy(s -> {
      assertThat(s.labels()).containsEntry("resource", "node:edge-1/n1");
      assertThat(Double.isFinite(s.value())).isTrue();
      assertThat(s.value()).isGreaterThanOrEqualTo(0);
    });
  }

  @Test
  void computesExactFiguresFromFixtures(@TempDir Path root) throws Exception {
    Path proc = root.resolve("proc");
    Path sys = root.resolve("sys");
    Files.createDirectories(proc.resolve("net"));
    Files.createDirectories(sys.resolve("block/vda"));
    Files.createDirectories(sys.resolve("block/loop0"));
    MutableClock clock = new MutableClock(T);
    HostSource host = new HostSource("edge-1", "n1", proc, sys, clock);
    write(proc, 1000, 100, 0, 0);
    host.collect(T);
    clock.advance(Duration.ofSeconds(10));
    // 100 more ticks of which 30 user, 70 idle; 1 MB read; lo received 5000 bytes.
    write(proc, 1030, 170, 2048, 5000);
    List<Sample> s = host.collect(clock.instant());
    assertThat(value(s, "host_cpu_ratio", "mode", "user")).isEqualTo(0.3);
    assertThat(value(s, "host_cpu_busy_ratio", null, null)).isCloseTo(0.3, within(1e-12));
    assertThat(value(s, "host_disk_read_bytes:rate", "device", "vda")).isEqualTo(2048 * 512 / 10.0);
    assertThat(value(s, "host_network_receive_bytes:rate", "interface", "lo")).isEqualTo(500.0);
    assertThat(value(s, "host_memory_used_ratio", null, null)).isEqualTo(0.75);
    assertThat(s).noneMatch(x -> "loop0".equals(x.labels().get("device")));
  }

  static void write(Path proc, long user, long idle, long sectorsRead, long loRx) throws Exception {
    Files.writeString(proc.resolve("stat"), "cpu  " + user + " 0 0 " + idle + " 0 0 0 0 0 0\nintr 1 2 3\n");
    Files.writeString(proc.resolve("meminfo"), "MemTotal:       1000 kB\nMemFree:         100 kB\nMemAvailable:    250 kB\n");
    Files.writeString(proc.resolve("diskstats"), "   7       0 loop0 5 0 5 0 0 0 0 0 0 0 0 0 0\n"
        + " 253       0 vda 10 0 " + sectorsRead + " 0 0 0 0 0 0 0 0\n");
    Files.writeString(proc.resolve("net/dev"), "Inter-|   Receive |  Transmit\n face |bytes packets|bytes\n"
        + "    lo: " + loRx + " 1 0 0 0 0 0 0 " + loRx + " 1 0 0 0 0 0 0\n");
  }
}
