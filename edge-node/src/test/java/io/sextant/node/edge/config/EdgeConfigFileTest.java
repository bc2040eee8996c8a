package io.sextant.node.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.config.ConfigException;
import io.sextant.common.link.LinkInterface;
import io.sextant.edge.threshold.ThresholdRules;
import io.sextant.sim.SimulationSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EdgeConfigFileTest {
  private static final String BASE = "site: edge-1\ndata-dir: /tmp/x\nbus: {type: pulsar, service-url: 'pulsar://127.0.0.1:6650'}\n";
  private static final String SIM = "simulation: {start-wall: 2026-11-23T18:00:00Z}\n";

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
        ports: {metrics: 0}
        models: {trusted-keys: [keys/release.pub]}
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
    EdgeConfig c = EdgeConfigFile.load(f, null);
    assertThat(c.site()).isEqualTo("edge-2");
    assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
    assertThat(c.siteDir()).isEqualTo(dir.resolve("data/edge-2"));
    var pulsar = c.bus().pulsarConfig("edge-2");
    assertThat(pulsar.authToken()).isEqualTo("eyJ.token.sig");
    assertThat(pulsar.tenant()).isEqualTo("acme");
    assertThat(pulsar.tlsTrustCertsFile()).isEqualTo(Path.of("/etc/ca.pem"));
    assertThat(pulsar.tlsHostnameVerification()).isFalse();
    assertThat(c.metricsPort()).isZero();
    assertThat(c.trustedKeys()).containsExactly(dir.resolve("keys/release.pub"));
    SimulationSettings s = c.simulation();
    assertThat(s.seed()).isEqualTo(42);
    assertThat(s.edgeSites()).isEqualTo(5);
    assertThat(s.warmup()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.faultSpeed()).isEqualTo(10);
    assertThat(s.epoch()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    assertThat(s.faults()).isEqualTo(SimulationSettings.Faults.NONE);
    assertThat(s.end()).isEqualTo(Instant.parse("2026-02-01T02:00:00Z"));
    assertThat(EdgeConfigFile.load(f, "edge-4").site()).as("--site overrides the file").isEqualTo("edge-4");
    assertThat(c.detectorState()).as("defaults").isEqualTo(new DetectorStateSettings(Duration.ofSeconds(60),
        Duration.ofHours(24)));
  }

  @Test
  void readsHowTheDetectorsStateIsKept() {
    EdgeConfig c = EdgeConfigFile.parse(BASE + SIM + "detection: {checkpoint-interval: 15s, state-max-age: 2h}\n",
        null, null);
    assertThat(c.detectorState()).isEqualTo(new DetectorStateSettings(Duration.ofSeconds(15), Duration.ofHours(2)));
  }

  @Test
  void readsTheLiveSources() {
    EdgeConfig c = EdgeConfigFile.parse(BASE + """
        interval: 5s
        sources:
          host: {node: gw-1}
          scrape: [{name: node, url: 'http://127.0.0.1:9100/metrics', labels: {job: node}, timeout: 5s}]
          otlp: {listen: '127.0.0.1:4318'}
          probes:
            listen: '0.0.0.0:7946'
            tcp-listen: '0.0.0.0:7947'
            count: 20
            links: {backbone-1: '10.9.1.1:7946'}
            peers: [{site: edge-2, udp: '10.0.2.1:7946', tcp: '10.0.2.1:7947', via: {backbone-1: '10.9.1.2:7946'}},
                    {site: central, udp: '10.0.0.1:7946'}]
        detection: {rules: [{metric: host_cpu_busy_ratio, detector: novelty}]}
        """, null, null);
    assertThat(c.simulation()).isNull();
    assertThat(c.interval()).isEqualTo(Duration.ofSeconds(5));
    SourcesSettings s = c.sources();
    assertThat(s.host().node()).isEqualTo("gw-1");
    assertThat(s.host().proc()).isEqualTo(Path.of("/proc"));
    assertThat(s.scrape()).singleElement().satisfies(t -> {
      assertThat(t.url().toString()).isEqualTo("http://127.0.0.1:9100/metrics");
      assertThat(t.labels()).containsEntry("job", "node");
    });
    assertThat(s.otlp().listen().getPort()).isEqualTo(4318);
    assertThat(s.probes().peers()).extracting(p -> p.site()).containsExactly("edge-2", "central");
    assertThat(s.probes().peers().get(1).tcp()).isNull();
    assertThat(s.probes().peers().get(0).across("backbone-1")).isEqualTo(new java.net.InetSocketAddress("10.9.1.2", 7946));
    assertThat(s.probes().peers().get(0).across("other")).as("no via for the link: its responder")
        .isEqualTo(s.probes().peers().get(0).udp());
    assertThat(s.probes().config().probes()).isEqualTo(20);
    assertThat(s.probes().links()).as("this site's pinned address on a link")
        .containsExactly(java.util.Map.entry("backbone-1", new java.net.InetSocketAddress("10.9.1.1", 7946)));
    assertThat(c.rules().forMetric("host_cpu_busy_ratio")).isPresent();
    assertThat(s.bgp()).isNull();
  }

  @Test
  void readsTheBgpSourceAndTheFlapAlarmFollowsItsFigures(@TempDir Path dir) {
    EdgeConfig c = EdgeConfigFile.parse(BASE + """
        sources:
          bgp:
            socket-dir: run/frr
            router: r1
            interval: 250ms
            prefixes: [10.20.0.0/24]
            dampening: {half-life: 5s, suppress: 3000, reuse: 800, max-suppress: 20s}
        """, dir, null);
    var b = c.sources().bgp();
    assertThat(b.vtysh().socketDir()).isEqualTo(dir.resolve("run/frr"));
    assertThat(b.vtysh().program()).isEqualTo(Path.of("/usr/bin/vtysh"));
    assertThat(b.router()).isEqualTo("r1");
    assertThat(b.interval()).isEqualTo(Duration.ofMillis(250));
    assertThat(b.prefixes()).containsExactly("10.20.0.0/24");
    assertThat(b.dampening().penalty()).isEqualTo(1000);
    assertThat(b.dampening().halfLife()).isEqualTo(Duration.ofSeconds(5));
    var level = c.thresholds().byName().get("bgp-flap-suppress").levels().get(0);
    assertThat(level.raise()).isEqualTo(3000);
    assertThat(level.clear()).isEqualTo(800);
    var d = EdgeConfigFile.parse(BASE + "sources: {bgp: {}}\n", dir, null).sources().bgp().dampening();
    assertThat(d).isEqualTo(io.sextant.collector.source.bgp.Dampening.DEFAULT);
  }

  @Test
  void readsTheRemediationSections(@TempDir Path dir) {
    EdgeConfig c = EdgeConfigFile.parse(BASE + """
        sources: {host: true}
        runbooks: runbooks
        actuators:
          hooks:
            site-ctl: {url: "https://10.0.1.5:8443/sextant", secret-file: ctl.whsec, timeout: 2s, retries: 1,
                       backoff: 250ms, sites: [edge-1]}
          commands:
            timeout: 10s
            allow:
              restart-gw: {run: [/usr/bin/systemctl, restart, "{unit}"], undo: [/usr/bin/systemctl, start, "{unit}"]}
          routing:
            socket-dir: /run/frr/r1
            prepend: 2
            links:
              edge-1~edge-2: {neighbor: 10.0.1.2, prefix: 10.20.0.0/24}
          tc:
            max-mbps: 200
            sites: [edge-1]
            links:
              edge-1~edge-2: {namespace: site-1, interface: eth1}
          routes:
            - {kind: RESTART, step: "command:restart-gw"}
            - {kind: REROUTE, step: "routing:reroute"}
          callbacks: {listen: "0.0.0.0:9180", url: "http://10.0.1.1:9180"}
        automation:
          dry-run: true
          paused-sites: [edge-1]
          max-actions-per-site-per-hour: 5
          freezes: [{id: night, sites: ["edge-*"], from: 2026-12-01T20:00:00Z, until: 2026-12-02T06:00:00Z}]
        """, dir, null);
    assertThat(c.runbooks()).isEqualTo(dir.resolve("runbooks"));
    var hook = c.actuators().hooks().get("site-ctl");
    assertThat(hook.settings().secretFile()).isEqualTo(dir.resolve("ctl.whsec"));
    assertThat(hook.settings().timeout()).isEqualTo(java.time.Duration.ofSeconds(2));
    assertThat(hook.settings().retries()).isEqualTo(1);
    assertThat(hook.sites()).containsExactly("edge-1");
    assertThat(c.actuators().commands().allow().get("restart-gw").undo()).containsExactly("/usr/bin/systemctl",
        "start", "{unit}");
    assertThat(c.actuators().routes()).hasSize(2);
    var routing = c.actuators().routing();
    assertThat(routing.vtysh().socketDir()).isEqualTo(Path.of("/run/frr/r1"));
    assertThat(routing.prepend()).isEqualTo(2);
    assertThat(routing.localPreference()).isEqualTo(10);
    assertThat(routing.links().get("edge-1~edge-2").neighbor()).isEqualTo("10.0.1.2");
    var tc = c.actuators().tc();
    assertThat(tc.maxMbps()).isEqualTo(200);
    assertThat(tc.minMbps()).isEqualTo(1);
    assertThat(tc.sites()).containsExactly("edge-1");
    assertThat(tc.links().get("edge-1~edge-2")).isEqualTo(new LinkInterface("site-1", "eth1"));
    assertThat(c.actuators().callbacks().url().toString()).isEqualTo("http://10.0.1.1:9180");
    assertThat(c.automation().dryRun()).isTrue();
    assertThat(c.automation().pausedSites()).containsExactly("edge-1");
    assertThat(c.automation().maxActionsPerSiteHour()).isEqualTo(5);
    assertThat(c.automation().freezes()).extracting(f -> f.id()).containsExactly("night");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "missing bus        | site: edge-1\\ndata-dir: d                                 | bus: required",
      "unknown key        | BASE SIM sitez: x                                          | sitez: unknown key",
      "a centre's key     | BASE SIM policy-file: p.yaml                               | policy-file: unknown key",
      "unknown bus key    | site: e\\nbus: {service-url: 'pulsar://h:1', url: x}        | bus.url: unknown key",
      "bad bus type       | site: e\\nbus: {type: kafka}                                | bus.type: must be pulsar",
      "no service url     | site: e\\nbus: {type: pulsar}                               | bus.service-url: required",
      "no site            | data-dir: d\\nbus: {service-url: 'pulsar://h:1'}\\nSIM      | site: required",
      "no data dir        | site: edge-1\\nbus: {service-url: 'pulsar://h:1'}\\nSIM     | data-dir: required",
      "not a simulated site | site: edge-7\\ndata-dir: d\\nbus: {service-url: 'pulsar://h:1'}\\nsimulation: {edge-sites: 1, start-wall: 2026-11-23T18:00:00Z} | is not a site of the simulated cloud",
      "bad duration       | BASE simulation: {warmup: soon, start-wall: 2026-11-23T18:00:00Z} | simulation.warmup: 'soon' is not a duration",
      "zero speed         | BASE simulation: {speed: 0, start-wall: 2026-11-23T18:00:00Z} | must be > 0",
      "no start wall      | BASE simulation: {seed: 1}                                  | simulation.start-wall: required",
      "too many sites     | BASE simulation: {edge-sites: 99, start-wall: 2026-11-23T18:00:00Z} | simulation.edge-sites: must be 1..20",
      "bad faults         | BASE simulation: {faults: many, start-wall: 2026-11-23T18:00:00Z} | simulation.faults: must be default or none",
      "seed not a number  | BASE simulation: {seed: one, start-wall: 2026-11-23T18:00:00Z} | simulation.seed: must be a whole number",
      "bad metrics port   | BASE SIM ports: {metrics: 70000}                            | ports.metrics: must be 0..65535",
      "no sources         | BASE                                                        | a live edge (no simulation:) needs at least one",
      "both               | BASE SIM sources: {host: true}                              | cannot be combined with simulation",
      "unknown source     | BASE sources: {snmp: {}}                                    | sources.snmp: unknown key",
      "scrape no url      | BASE sources: {scrape: [{name: a}]}                         | sources.scrape[0].url: required",
      "scrape not http    | BASE sources: {scrape: [{url: 'ftp://h/m'}]}                | sources.scrape[0].url: must be http",
      "scrape names       | BASE sources: {scrape: [{name: a, url: 'http://h/m'}, {name: a, url: 'http://g/m'}]} | names must be unique",
      "otlp no listen     | BASE sources: {otlp: {max-buffered: 5}}                     | sources.otlp.listen: required",
      "otlp buffer        | BASE sources: {otlp: {listen: 'h:1', max-buffered: 0}}      | sources.otlp.max-buffered: must be at least 1",
      "peer no udp        | BASE sources: {probes: {listen: 'h:1', peers: [{site: e}]}} | sources.probes.peers[0].udp: required",
      "peer bad via       | BASE sources: {probes: {listen: 'h:1', peers: [{site: e, udp: 'h:2', via: {l1: 'h'}}]}} | sources.probes.peers[0].via.l1: must be host:port",
      "bad link address   | BASE sources: {probes: {listen: 'h:1', links: {l1: 'h'}}}     | sources.probes.links.l1: must be host:port",
      "peer unknown key   | BASE sources: {probes: {listen: 'h:1', peers: [{site: e, udp: 'h:2', x: 1}]}} | sources.probes.peers[0].x: unknown key",
      "too few probes     | BASE sources: {probes: {listen: 'h:1', count: 1}}           | sources.probes.probes must be at least 2",
      "bad listen         | BASE sources: {otlp: {listen: 'localhost'}}                 | sources.otlp.listen: must be host:port",
      "short interval     | BASE SIM interval: 500ms                                    | interval: must be whole seconds",
      "bad detector       | BASE SIM detection: {rules: [{metric: m, detector: magic}]} | detection.rules[0].detector",
      "threshold severity | BASE SIM detection: {thresholds: [{metric: m, above: {severe: 1}}]} | detection.thresholds[0].above.severe: unknown severity 'severe'",
      "threshold matcher  | BASE SIM detection: {thresholds: [{metric: m, matchers: ['a=~(x'], above: {major: 1}}]} | detection.thresholds[0].matchers[0]: matcher a=~\"(x\" has an invalid regex",
      "thresholds not list | BASE SIM detection: {thresholds: {metric: m}}              | detection.thresholds: must be a list",
      "checkpoint interval | BASE SIM detection: {checkpoint-interval: 100ms}           | detection.checkpoint-interval: must be at least 1s",
      "state max age      | BASE SIM detection: {state-max-age: never}                  | detection.state-max-age: 'never' is not a duration",
      "keys not a list    | BASE SIM models: {trusted-keys: k.pub}                      | trusted-keys: must be a list",
      "a centre's model key | BASE SIM models: {key-dir: k}                             | models.key-dir: unknown key",
      "not yaml           | bus: [unclosed                                              | not valid YAML",
      "runbooks simulated | BASE SIM runbooks: rb                                       | a simulated edge repairs the simulated cloud",
      "unknown actuator   | BASE SRC actuators: {ansible: {}}                           | actuators.ansible: unknown key",
      "hook no url        | BASE SRC actuators: {hooks: {sdn: {secret-file: s}}}        | actuators.hooks.sdn.url: required",
      "hook no secret     | BASE SRC actuators: {hooks: {sdn: {url: 'https://h/x'}}}    | actuators.hooks.sdn.secret-file: required",
      "hook not http      | BASE SRC actuators: {hooks: {sdn: {url: 'ftp://h/x', secret-file: s}}} | actuators.hooks.sdn: url must be http:// or https://",
      "hook bad timeout   | BASE SRC actuators: {hooks: {sdn: {url: 'https://h/x', secret-file: s, timeout: soon}}} | actuators.hooks.sdn.timeout: 'soon' is not a duration",
      "command relative   | BASE SRC actuators: {commands: {allow: {r: {run: [systemctl]}}}} | actuators.commands.allow.r.run: the program must be an absolute path",
      "command no allow   | BASE SRC actuators: {commands: {timeout: 5s}}               | actuators.commands.allow: required",
      "route bad step     | BASE SRC actuators: {routes: [{kind: MIGRATE, step: 'ansible:x'}]} | actuators.routes[0]: unknown adapter 'ansible'",
      "route bad kind     | BASE SRC actuators: {routes: [{kind: REBOOT, step: 'hook:x'}]} | actuators.routes[0]",
      "callbacks listen   | BASE SRC actuators: {callbacks: {url: 'http://h:1'}}        | actuators.callbacks.listen: required",
      "routing no links   | BASE SRC actuators: {routing: {prepend: 1}}                 | actuators.routing.links: required",
      "routing bad prefix | BASE SRC actuators: {routing: {links: {a: {neighbor: 10.0.1.2, prefix: site2}}}} | actuators.routing.links.a.prefix: an IPv4 prefix",
      "routing lp         | BASE SRC actuators: {routing: {local-preference: 150, links: {a: {neighbor: 10.0.1.2, prefix: 10.2.0.0/24}}}} | actuators.routing.local-preference: 0..99",
      "routing key        | BASE SRC actuators: {routing: {vty: x, links: {}}}          | actuators.routing.vty: unknown key",
      "tc no links        | BASE SRC actuators: {tc: {max-mbps: 100}}                   | actuators.tc.links: required",
      "tc bad interface   | BASE SRC actuators: {tc: {links: {a: {interface: 'eth 1'}}}} | actuators.tc.links.a.interface: a Linux interface name",
      "tc bounds          | BASE SRC actuators: {tc: {min-mbps: 50, max-mbps: 10, links: {a: {interface: eth1}}}} | actuators.tc.min-mbps/max-mbps: 1 <= min <= max",
      "links key          | BASE sources: {links: {a: {interface: eth1, netns: x}}}    | sources.links.a.netns: unknown key",
      "links no interface | BASE sources: {links: {a: {namespace: x}}}                 | sources.links.a.interface: a Linux interface name",
      "bgp key            | BASE sources: {bgp: {prefix: [10.0.0.0/8]}}                 | sources.bgp.prefix: unknown key",
      "bgp prefix         | BASE sources: {bgp: {prefixes: [site-2]}}                   | sources.bgp.prefixes: an IPv4 prefix",
      "bgp reuse          | BASE sources: {bgp: {dampening: {reuse: 2500}}}             | sources.bgp.dampening.reuse: must be above 0 and below suppress",
      "bgp interval       | BASE sources: {bgp: {interval: 10ms}}                       | sources.bgp.interval: at least 50ms",
      "automation key     | BASE SRC automation: {dryrun: true}                         | automation.dryrun: unknown key",
      "automation budget  | BASE SRC automation: {max-actions-per-site-per-hour: 0}     | automation.max-actions-per-site-per-hour: must be at least 1",
      "freeze no until    | BASE SRC automation: {freezes: [{id: f, from: 2026-12-01T20:00:00Z}]} | automation.freezes[0].until: required",
  })
  void badFilesAreRefusedNamingTheField(String name, String yaml, String message) {
    String text = yaml.replace("\\n", "\n").replace("BASE ", BASE).replace("BASE", BASE).replace("SIM ", SIM)
        .replace("SIM", SIM).replace("SRC ", "sources: {host: true}\n");
    assertThatThrownBy(() -> EdgeConfigFile.parse(text, null, null)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  void thresholdsGoOnTopOfTheBuiltInOnes(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("edge.yaml"), BASE + SIM + """
        detection:
          thresholds:
            - name: lossy-links
              metric: probe_loss_ratio
              matchers: ['resource=~"path:edge-1>.*"']
              above:
                warning: {raise: 0.02, clear: 0.01}
                critical: {raise: 0.2, clear: 0.15}
        """);
    EdgeConfig c = EdgeConfigFile.load(f, null);
    assertThat(c.thresholds().byName()).containsOnlyKeys("up-down", "probe-tcp-down", "probe-path-dead",
        "bgp-session-down", "bgp-flap-suppress", "gpu-xid", "gpu-ecc-dbe", "gpu-thermal-throttle", "gpu-power-throttle",
        "gpu-temp-high", "lossy-links");
    assertThat(c.thresholds().byName().get("lossy-links").levels()).hasSize(2);
    assertThat(EdgeConfigFile.parse(BASE + SIM, null, null).thresholds()).isEqualTo(ThresholdRules.defaults());
  }

  @Test
  void aBadThresholdNamesTheFileAndTheField(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("edge.yaml"), BASE + SIM
        + "detection: {thresholds: [{metric: up, below: {major: {raise: 1, clear: 0}}}]}\n");
    assertThatThrownBy(() -> EdgeConfigFile.load(f, null)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(f + ": detection.thresholds[0].below.major.clear: must be at or above raise");
  }

  @Test
  void aMissingTokenFileIsNamed(@TempDir Path dir) {
    EdgeConfig c = EdgeConfigFile.parse(BASE.replace("6650'}", "6650', auth-token-file: nope}") + SIM, dir, null);
    assertThatThrownBy(() -> c.bus().pulsarConfig("edge-1")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("bus.auth-token-file").hasMessageContaining("nope");
  }

  @Test
  void aFileErrorNamesTheFile(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("e.yaml"), "site: e\nbus: {type: pulsar}\n");
    assertThatThrownBy(() -> EdgeConfigFile.load(f, null)).hasMessageStartingWith(f + ": bus.service-url");
  }
}
