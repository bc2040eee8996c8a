package io.sextant.common.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Network namespaces, veth links, FRR routers and exabgp peers of one lab (a test's, or {@code
 * sextant lab --netns}), removed at {@link #close} (also from a shutdown hook) in reverse order,
 * each step on its own so one failure does not leave the rest behind.
 *
 * <p>Every name the kernel or the file system sees starts with {@code sxlab-<pid>-<n>-}: this
 * JVM's pid and a counter, so two labs (or two test JVMs) on one machine never meet, and a lab
 * whose JVM was killed is recognised by its dead pid and removed by the next {@link #open}.
 * Interface names live inside the namespaces, so they are the test's own short names.
 */
public final class NetLab implements AutoCloseable {
  public static final Path IP = Path.of("/usr/sbin/ip");
  public static final Path ZEBRA = Path.of("/usr/lib/frr/zebra");
  public static final Path BGPD = Path.of("/usr/lib/frr/bgpd");
  public static final Path NFT = Path.of("/usr/sbin/nft");
  /** What a lab runs: iproute2, FRR (zebra, bgpd, vtysh), exabgp and nftables, by the Debian package that has it. */
  public static final java.util.Map<Path, String> TOOLS = java.util.Map.of(IP, "iproute2", ZEBRA, "frr", BGPD, "frr",
      FrrRouter.VTYSH, "frr", ExaBgp.EXABGP, "exabgp", NFT, "nftables");
  static final String PREFIX = "sxlab-";
  private static final AtomicInteger LABS = new AtomicInteger();
  private static final Duration READY = Duration.ofSeconds(20);

  private final String id;
  private final Path dir;
  private final List<Netns> namespaces = new ArrayList<>();
  private final List<Path> pidFiles = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final Thread onExit = new Thread(this::close, "netlab-cleanup");
  private boolean closed;

  private NetLab() throws IOException {
    this.id = PREFIX + ProcessHandle.current().pid() + "-" + LABS.incrementAndGet();
    this.dir = Path.of(System.getProperty("java.io.tmpdir")).resolve(id);
    Files.createDirectories(dir);
    // The daemons drop to the frr user: they must reach their own directories below this one.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  /** A new, empty lab; first removes what killed runs left behind. */
  public static NetLab open() {
    removeLeftovers();
    try {
      return new NetLab();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A namespace with its loopback up. */
  public Netns namespace(String name) {
    Netns ns = new Netns(name, id + "-" + name);
    Sh.run("ip", "netns", "add", ns.id());
    namespaces.add(ns);
    ns.ip("link", "set", "dev", "lo", "up");
    return ns;
  }

  /**
   * A veth pair, both ends up: {@code ifA} in {@code a} with {@code cidrA} (e.g. {@code
   * 10.0.1.1/30}), {@code ifB} in {@code b} with {@code cidrB}. Removed with its namespaces.
   */
  public Link link(Netns a, String ifA, String cidrA, Netns b, String ifB, String cidrB) {
    Sh.run("ip", "link", "add", "name", ifA, "netns", a.id(), "type", "veth", "peer", "name", ifB, "netns", b.id());
    a.ip("addr", "add", cidrA, "dev", ifA);
    b.ip("addr", "add", cidrB, "dev", ifB);
    a.ip("link", "set", "dev", ifA, "up");
    b.ip("link", "set", "dev", ifB, "up");
    return new Link(a, ifA, cidrA.substring(0, cidrA.indexOf('/')), b, ifB, cidrB.substring(0, cidrB.indexOf('/')));
  }

  /**
   * A veth pair from the namespace this lab runs in to {@code b}: the root end gets a name of this
   * lab's own ({@code sx<pid>-<n>}, at most 15 characters) and {@code cidrRoot}; {@code ifB} in
   * {@code b} gets {@code cidrB}. The pair goes when {@code b} is deleted.
   */
  public Link uplink(String cidrRoot, Netns b, String ifB, String cidrB) {
    String rootIf = "sx" + ProcessHandle.current().pid() + "-" + id.substring(id.lastIndexOf('-') + 1);
    if (rootIf.length() > 15) {
      throw new IllegalStateException("interface name too long: " + rootIf);
    }
    Sh.run("ip", "link", "add", "name", rootIf, "type", "veth", "peer", "name", ifB, "netns", b.id());
    Netns.ROOT.ip("addr", "add", cidrRoot, "dev", rootIf);
    b.ip("addr", "add", cidrB, "dev", ifB);
    Netns.ROOT.ip("link", "set", "dev", rootIf, "up");
    b.ip("link", "set", "dev", ifB, "up");
    return new Link(Netns.ROOT, rootIf, cidrRoot.substring(0, cidrRoot.indexOf('/')), b, ifB,
        cidrB.substring(0, cidrB.indexOf('/')));
  }

  /**
   * Starts zebra and bgpd in {@code ns} with {@code config} (FRR configuration: {@code router bgp
   * ...}), and waits until bgpd answers on its vty socket.
   */
  public FrrRouter frr(Netns ns, String config) {
    return frr(ns, "", config);
  }

  /** The same with {@code zebraConfig} for zebra (e.g. a route map that sets the source address of BGP routes). */
  public FrrRouter frr(Netns ns, String zebraConfig, String config) {
    Path d = dir.resolve(ns.name());
    try {
      Files.createDirectories(d);
      Files.writeString(d.resolve("frr.conf"), "frr defaults traditional\nhostname " + ns.name() + "\n" + config);
      Files.writeString(d.resolve("zebra.conf"), "hostname " + ns.name() + "\n" + zebraConfig);
      Sh.run("chown", "-R", "frr:frr", d.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String daemon : List.of("zebra", "bgpd")) {
      Path pid = d.resolve(daemon + ".pid");
      pidFiles.add(pid);
      String conf = d.resolve(daemon.equals("zebra") ? "zebra.conf" : "frr.conf").toString();
      daemonize(d.resolve(daemon + ".out"), "ip", "netns", "exec", ns.id(), "/usr/lib/frr/" + daemon, "-d",
          "-u", "frr", "-g", "frr", "-N", ns.id(), "--vty_socket", d.toString(), "-i", pid.toString(),
          "-z", d.resolve("zserv.api").toString(), "-A", "127.0.0.1", "-P", "0", "-f", conf,
          "--log", "file:" + d.resolve(daemon + ".log"));
    }
    FrrRouter router = new FrrRouter(ns, d);
    awaitTrue(() -> Files.exists(d.resolve("bgpd.vty")) && tryVtysh(router), "bgpd in " + ns.name() + " answers (see "
        + d.resolve("bgpd.log") + ")");
    return router;
  }

  /**
   * Starts exabgp in {@code ns} with {@code neighbors} (exabgp's {@code neighbor ... { }} blocks,
   * without the API process, which this adds as {@code ctl}: write {@code api { processes [ ctl ]; }}
   * in each neighbor that {@link ExaBgp#send} drives).
   */
  public ExaBgp exabgp(Netns ns, String neighbors) {
    Path d = dir.resolve(ns.name());
    try {
      Files.createDirectories(d);
      Path commands = d.resolve("commands");
      Files.writeString(commands, "");
      Path api = d.resolve("api.sh");
      Files.writeString(api, "#!/bin/sh\nexec tail -n +1 -F \"$1\"\n");
      Files.setPosixFilePermissions(api, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path conf = d.resolve("exabgp.conf");
      Files.writeString(conf, "process ctl {\n  run " + api + " " + commands + ";\n  encoder text;\n}\n" + neighbors);
      ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", ns.id(), ExaBgp.EXABGP.toString(), conf.toString())
          .directory(d.toFile()).redirectErrorStream(true).redirectOutput(d.resolve("exabgp.log").toFile());
      // As root exabgp must be told to stay root; no CLI pipes, no acknowledgement lines to read.
      pb.environment().put("exabgp_daemon_user", "root");
      pb.environment().put("exabgp_api_cli", "false");
      pb.environment().put("exabgp_api_ack", "false");
      Process p = pb.start();
      processes.add(p);
      return new ExaBgp(ns, d, commands, p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** This lab's working directory (configurations, logs, sockets). */
  public Path dir() {
    return dir;
  }

  private static boolean tryVtysh(FrrRouter r) {
    try {
      r.vtysh("show bgp summary json");
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static void daemonize(Path out, String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + ": did not start: " + Files.readString(out).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Waits for {@code condition}, polling; fails with {@code what} after 20 s. */
  public static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
    long end = System.nanoTime() + READY.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("timed out waiting until " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting until " + what, e);
      }
    }
  }

  /** Stops every process and removes every namespace and file of this lab. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    for (Path pid : pidFiles) {
      readPid(pid).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroy);
    }
    for (Netns ns : namespaces) {
      removeNamespace(ns.id());
    }
    deleteTree(dir);
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException alreadyExiting) {
      // close runs from the hook itself
    }
  }

  private static Optional<Long> readPid(Path pidFile) {
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Ends what still runs inside the namespace (only this lab's processes are there), then deletes it. */
  private static void removeNamespace(String ns) {
    for (int attempt = 0; attempt < 50; attempt++) {
      List<ProcessHandle> left;
      try {
        left = Sh.run("ip", "netns", "pids", ns).lines().map(String::strip).filter(s -> !s.isEmpty())
            .map(Long::parseLong).map(ProcessHandle::of).flatMap(Optional::stream).toList();
      } catch (IllegalStateException gone) {
        break;
      }
      if (left.isEmpty()) {
        break;
      }
      left.forEach(attempt < 30 ? ProcessHandle::destroy : ProcessHandle::destroyForcibly);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    Sh.quietly("ip", "netns", "del", ns);
    deleteTree(Path.of("/var/run/frr", ns)); // bgpd's -N makes an (empty) directory there
  }

  /** Namespaces and directories of labs whose JVM is gone (killed before its close ran). */
  static void removeLeftovers() {
    for (String line : Sh.run("ip", "netns", "list").lines().toList()) {
      String ns = line.split("\\s+")[0];
      if (ns.startsWith(PREFIX) && !alive(ns)) {
        removeNamespace(ns);
      }
    }
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && !alive(p.getFileName().toString()))
          .forEach(NetLab::deleteTree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the JVM named in {@code sxlab-<pid>-...} still runs. */
  private static boolean alive(String name) {
    String[] parts = name.substring(PREFIX.length()).split("-");
    try {
      return ProcessHandle.of(Long.parseLong(parts[0])).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: a file left in the temp directory is removed by the next run's leftover pass
    }
  }
}
