package io.sextant.pulsar.launcher;

/**
 * What the standalone child and its launcher say to each other. The child prints protocol lines
 * (and nothing else) on its standard output: one {@link ReadyLine} once the broker takes clients,
 * then one answer per command. It reads commands, one a line, on its standard input, and exits
 * when that input ends: a parent that dies, even by SIGKILL, closes the pipe and so never leaves a
 * broker behind. The broker's logs go to standard error.
 */
public final class Protocol {
  private Protocol() {}

  /** The start of every line the child prints on standard output. */
  public static final String PREFIX = "SEXTANT PULSAR ";
  /** The start of the ready line, followed by the service URL (which scripts may take alone). */
  public static final String READY = PREFIX + "READY";
  /** {@code SEXTANT PULSAR DONE <command>}: the command completed. */
  public static final String DONE = PREFIX + "DONE";
  /** {@code SEXTANT PULSAR FAILED <command>: <reason>}: the command failed; the child goes on. */
  public static final String FAILED = PREFIX + "FAILED";

  /** Stops broker, bookie and metadata store, keeping their data and ports (a broker outage). */
  public static final String STOP_BROKER = "stop-broker";
  /** Starts them again on the same ports with the data they had. */
  public static final String RESTART_BROKER = "restart-broker";

  /** The standalone's main class, on the broker's class path only. */
  public static final String MAIN_CLASS = "io.sextant.pulsar.standalone.Main";
  /** The Pulsar cluster name of the standalone. */
  public static final String CLUSTER = "standalone";
  /** The super-user role with token authentication on; the standalone's own clients use it. */
  public static final String SUPER_USER = "sextant-admin";
  /** The listener name of the broker's own address when extra listeners are advertised. */
  public static final String INTERNAL_LISTENER = "internal";
}
