package io.sextant.deploy.cli;

import io.sextant.deploy.lab.Lab;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sextant lab --sites N}: the distributed mode as real processes on one machine, scored. */
@Command(name = "lab", mixinStandardHelpOptions = true,
    description = {"Starts a PostgreSQL and a Pulsar standalone, then 'sextant central' and one 'sextant edge' per "
        + "site (the central cloud's own site too) as separate JVMs on loopback; plays the default fault schedule "
        + "across them, prints the timeline seen on the bus and the summary scored against the ground truth, as "
        + "the demo does.",
        "Exit code 0 when every fault was detected, located and repaired with no false alarm."})
public final class LabCommand implements Callable<Integer> {
  @Option(names = "--sites", defaultValue = "3", description = "Number of edge sites, 1..20 (default ${DEFAULT-VALUE}).")
  int sites;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulated cloud (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--speed", defaultValue = "60",
      description = "Simulated seconds per wall second after the warm-up (default ${DEFAULT-VALUE}).")
  double speed;

  @Option(names = "--fault-speed", defaultValue = "10",
      description = "Simulated seconds per wall second for 3 simulated minutes from each fault's start, while it is "
          + "detected, located, repaired and verified (default ${DEFAULT-VALUE}).")
  double faultSpeed;

  @Option(names = "--warmup-speed", defaultValue = "60",
      description = "Simulated seconds per wall second during the warm-up (default ${DEFAULT-VALUE}).")
  double warmupSpeed;

  @Option(names = "--warmup-minutes", defaultValue = "30",
      description = "Simulated minutes of fault-free history the detectors learn from (default ${DEFAULT-VALUE}).")
  long warmupMinutes;

  @Option(names = "--report", paramLabel = "FILE", description = "Also write the scored summary as JSON to FILE.")
  Path report;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Configuration files, logs and edge data of the processes (default: a temporary directory).")
  Path workDir;

  @Mixin
  StoreOptions store;

  @Option(names = "--service-url", paramLabel = "URL",
      description = "Use this Pulsar (tenant 'sextant' and a namespace per site must exist) instead of starting one.")
  String serviceUrl;

  @Option(names = {"-q", "--quiet"}, description = "Print only the summary.")
  boolean quiet;

  @Option(names = "--netns", description = "Linux, as root: the sites and two PoP routers as network namespaces with "
      + "FRR eBGP over veth links, each site's 'sextant edge' in its namespace on live sources, faults on real packets "
      + "(nftables loss of 2 % and 5 %, a link down) and wall-clock times (docs/lab-netns.md). Takes --sites (1..9), "
      + "--report, --work-dir, the store options and --quiet; exit code 0 when every fault was detected, located and "
      + "protected within 60 s with no false alarm.")
  boolean netns;

  @Override
  public Integer call() throws Exception {
    if (netns) {
      return NetnsLabRunner.run(sites, report, workDir, store, quiet);
    }
    Lab.Options o = new Lab.Options(seed, sites, Duration.ofMinutes(warmupMinutes), warmupSpeed, speed, faultSpeed,
        store.jdbcUrl, store.jdbcUser, store.jdbcPassword, serviceUrl, workDir, quiet);
    Lab lab = new Lab(o);
    Lab.Result result = LabRuns.closing("lab", lab::close, () -> lab.run(System.out));
    LabRuns.writeReport(report, result.report());
    System.out.println("Process logs and configuration: " + result.workDir());
    return result.report().falseAlarms() == 0 && result.report().faults().stream()
        .allMatch(f -> f.detected() && f.locatedCorrectly() && f.repaired()) ? 0 : 1;
  }
}
