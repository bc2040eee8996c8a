package io.sextant.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigFilesTest {
  private static final String BUS = "bus: {type: pulsar, service-url: 'pulsar://127.0.0.1:6650'}\n";

  @Test
  void theShippedExamplesLoad() {
    ProcessConfig central = ConfigFiles.load(Path.of("config/central.yaml"));
    assertThat(central.site()).isEqualTo("central");
    assertThat(central.servedSites()).containsExactly("central", "edge-1", "edge-2", "edge-3");
    assertThat(central.store().jdbcUrl()).isNull();
    assertThat(central.simulation().speed()).isEqualTo(60);
    assertThat(central.bus().pulsarConfig("central").topicName("samples"))
        .isEqualTo("persistent://sextant/central/samples");
    ProcessConfig edge = ConfigFiles.load(Path.of("config/edge.yaml"));
    assertThat(edge.site()).isEqualTo("edge-1");
    assertThat(edge.metricsPort()).isEqualTo(9464);
    assertThat(edge.simulation()).isEqualTo(central.simulation());
  }

  @Test
  void theShippedLiveExamplesLoad() {
    ProcessConfig edge = ConfigFiles.load(Path.of("config/edge-live.yaml"));
    assertThat(edge.simulated()).isFalse();
    assertThat(edge.interval()).isEqualTo(Duration.ofSeconds(10));
    SourcesSettings s = edge.edge().sources();
    assertThat(s.host().node()).isEqualTo("gw-1");
    assertThat(s.host().proc()).isEqualTo(Path.of("/proc"));
    assertThat(s.scrape()).singleElement().satisfies(t -> {
      assertThat(t.name()).isEqualTo("node");
      assertThat(t.url().toString()).isEqualTo("http://127.0.0.1:9100/metrics");
      assertThat(t.labels()).containsEntry("job", "node");
    });
    assertThat(s.otlp().listen().getPort()).isEqualTo(4318);
    assertThat(s.probes().peers()).extracting(p -> p.site()).containsExactly("edge-2", "central");
    assertThat(s.probes().peers().get(1).tcp()).isNull();
    assertThat(s.probes().tcpListen().getPort()).isEqualTo(7947);
    assertThat(s.probes().config().probes()).isEqualTo(20);
    assertThat(edge.edge().rules().forMetric("host_cpu_busy_ratio")).isPresent();
    assertThat(edge.models().trustedKeys()).containsExactly(Path.of("/etc/sextant/models/release.pub"));
    ProcessConfig central = ConfigFiles.load(Path.of("config/central-live.yaml"));
    assertThat(central.simulated()).isFalse();
    assertThat(central.servedSites()).containsExactly("central", "edge-1", "edge-2");
    assertThat(central.central().policyFile()).isEqualTo(Path.of("config/upload-policy.yaml"));
    assertThat(central.central().topologyFile()).isEqualTo(Path.of("config/topology.yaml"));
    assertThat(central.central().retention().raw()).isEqualTo(Duration.ofDays(15));
    assertThat(central.models().keyDir()).isEqualTo(Path.of("/etc/sextant/models"));
    assertThat(central.models().every()).isEqualTo(Duration.ofHours(24));
    assertThat(central.models().canary()).isTrue();
    assertThat(io.sextant.central.policy.PolicyFile.read(central.central().policyFile(), Instant.EPOCH))
        .containsOnlyKeys("edge-1", "edge-2");
    assertThat(TopologyFile.read(central.central().topologyFile()).sites()).isNotEmpty();
  }

  @Test
  void readsEveryField(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("edge.token"), "  eyJ.token.sig \n");
    Path f = Files.writeString(dir.resolve("edge.yaml"), """
        site: edge-2
        data-dir: data
        bus:
          type: pulsar
          service-url: pulsar+ssl://pulsar.example.net:6651
          tenant: acme
          auth-token-file: edge.token
          tls-trust-certs-file: /etc/ca.pem
          tls-hostname-verification: false
        store: {jdbc-url: 'jdbc:postgresql://db:5432/sextant', user: sx, password-env: PW,
                remote-write-listen: '127.0.0.1:9201'}
        ports: {metrics: 0}
        simulation:
          seed: 42
          edge-sites: 5
          warmup: 10m
          warmup-speed: 200
          speed: 30
          fault-speed: 10
          epoch: 2026-02-01T00:00:00Z
          start-wall: 2026-11-23T18:00:00Z
          faults: none
          run-for: PT2H
        """);
    ProcessConfig c = ConfigFiles.load(f);
    assertThat(c.site()).isEqualTo("edge-2");
    assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
    var pulsar = c.bus().pulsarConfig("edge-2");
    assertThat(pulsar.authToken()).isEqualTo("eyJ.token.sig");
    assertThat(pulsar.tenant()).isEqualTo("acme");
    assertThat(pulsar.tlsTrustCertsFile()).isEqualTo(Path.of("/etc/ca.pem"));
    assertThat(pulsar.tlsHostnameVerification()).isFalse();
    assertThat(c.store().user()).isEqualTo("sx");
    assertThat(c.store().remoteWriteListen()).isEqualTo(new java.net.InetSocketAddress("127.0.0.1", 9201));
    assertThat(c.metricsPort()).isZero();
    SimulationSettings s = c.simulation();
    assertThat(s.seed()).isEqualTo(42);
    assertThat(s.edgeSites()).isEqualTo(5);
    assertThat(s.warmup()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.faultSpeed()).isEqualTo(10);
    assertThat(s.epoch()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    assertThat(s.faults()).isEqualTo(SimulationSettings.Faults.NONE);
    assertThat(s.end()).isEqualTo(Instant.parse("2026-02-01T02:00:00Z"));
    assertThat(c.servedSites()).containsExactly("central", "edge-1", "edge-2", "edge-3", "edge-4", "edge-5");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "missing bus        | site: edge-1                                               | bus: required",
      "unknown key        | " + "sitez: x\\n" + "BUS                                   | sitez: unknown key",
      "unknown bus key    | bus: {type: pulsar, service-url: 'pulsar://h:1', url: x}    | bus.url: unknown key",
      "bad bus type       | bus: {type: kafka}                                         | bus.type: must be pulsar or in-process",
      "no service url     | bus: {type: pulsar}                                        | bus.service-url: required",
      "bad jdbc url       | BUS store: {jdbc-url: 'mysql://x'}                         | store.jdbc-url: must be a jdbc:postgresql: URL",
      "bad duration       | BUS simulation: {warmup: soon, start-wall: 2026-11-23T18:00:00Z} | simulation.warmup: 'soon' is not a duration",
      "zero speed         | BUS simulation: {speed: 0, start-wall: 2026-11-23T18:00:00Z} | must be > 0",
      "no start wall      | BUS simulation: {seed: 1}                                  | simulation.start-wall: required",
      "too many sites     | BUS simulation: {edge-sites: 99, start-wall: 2026-11-23T18:00:00Z} | simulation.edge-sites: must be 1..20",
      "bad faults         | BUS simulation: {faults: many, start-wall: 2026-11-23T18:00:00Z} | simulation.faults: must be default or none",
      "seed not a number  | BUS simulation: {seed: one, start-wall: 2026-11-23T18:00:00Z} | simulation.seed: must be a whole number",
      "bad site name      | site: 'a/b'\\nBUS                                         | site: 'a/b' must be",
      "sites not a list   | sites: central\\nBUS                                      | sites: must be a list",
      "bad remote write   | BUS store: {remote-write-listen: 'localhost'}              | store.remote-write-listen: must be host:port",
      "remote write port  | BUS store: {remote-write-listen: 'h:99999'}                | store.remote-write-listen: must be host:port",
      "bad metrics port   | BUS ports: {metrics: 70000}                                | ports.metrics: must be 0..65535",
      "not yaml           | bus: [unclosed                                             | not valid YAML",
  })
  void badFilesAreRefusedNamingTheField(String name, String yaml, String message) {
    String text = yaml.replace("\\n", "\n").replace("BUS ", BUS).replace("BUS", BUS);
    assertThatThrownBy(() -> ConfigFiles.parse(text, null)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  /** The live edge's and the centre's sections: every error names its field. */
  @Test
  void badLiveSectionsAreRefusedNamingTheField() {
    String[][] cases = {
        {"BUS sources: {host: true}\nsimulation: {start-wall: 2026-11-23T18:00:00Z}", "cannot be combined with simulation"},
        {"BUS sources: {snmp: {}}", "sources.snmp: unknown key"},
        {"BUS sources: {scrape: [{name: a}]}", "sources.scrape[0].url: required"},
        {"BUS sources: {scrape: [{url: 'ftp://h/m'}]}", "sources.scrape[0].url: must be http"},
        {"BUS sources: {scrape: [{name: a, url: 'http://h/m'}, {name: a, url: 'http://g/m'}]}", "names must be unique"},
        {"BUS sources: {otlp: {max-buffered: 5}}", "sources.otlp.listen: required"},
        {"BUS sources: {otlp: {listen: 'h:1', max-buffered: 0}}", "sources.otlp.max-buffered: must be at least 1"},
        {"BUS sources: {probes: {listen: 'h:1', peers: [{site: e}]}}", "sources.probes.peers[0].udp: required"},
        {"BUS sources: {probes: {listen: 'h:1', peers: [{site: e, udp: 'h:2', x: 1}]}}", "sources.probes.peers[0].x: unknown key"},
        {"BUS sources: {probes: {listen: 'h:1', count: 1}}", "sources.probes.probes must be at least 2"},
        {"BUS interval: 500ms", "interval: must be whole seconds"},
        {"BUS detection: {rules: [{metric: m, detector: magic}]}", "detection.rules[0].detector"},
        {"BUS store: {retention: {raw: 12h}}", "store.retention: raw retention must be at least 1 day"},
        {"BUS store: {retention: {forever: 1d}}", "store.retention.forever: unknown key"},
        {"BUS models: {release: sometimes}", "models.release: must be all or canary"},
        {"BUS models: {every: 0s}", "must be positive"},
        {"BUS models: {keys: x}", "models.keys: unknown key"},
        {"BUS models: {trusted-keys: k.pub}", "trusted-keys: must be a list"},
    };
    for (String[] c : cases) {
      String text = c[0].replace("\\n", "\n").replace("BUS ", BUS);
      assertThatThrownBy(() -> ConfigFiles.parse(text, null)).as(c[0]).isInstanceOf(ConfigException.class)
          .hasMessageContaining(c[1]);
    }
  }

  @Test
  void aMissingTokenFileIsNamed(@TempDir Path dir) {
    ProcessConfig c = ConfigFiles.parse("bus: {type: pulsar, service-url: 'pulsar://h:1', auth-token-file: nope}\n",
        dir);
    assertThatThrownBy(() -> c.bus().pulsarConfig("edge-1")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("bus.auth-token-file").hasMessageContaining("nope");
  }

  @Test
  void aFileErrorNamesTheFile(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("c.yaml"), "bus: {type: pulsar}\n");
    assertThatThrownBy(() -> ConfigFiles.load(f)).hasMessageStartingWith(f + ": bus.service-url");
  }
}
