package io.sextant.testkit.netns;

/** One network namespace of a {@link NetLab}: {@code name} as the test says it, {@code id} as the kernel knows it. */
public record Netns(String name, String id) {
  /** Runs {@code ip} inside this namespace, e.g. {@code ip("route", "show")}. */
  public String ip(String... args) {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "ip";
    cmd[1] = "-n";
    cmd[2] = id;
    System.arraycopy(args, 0, cmd, 3, args.length);
    return Sh.run(cmd);
  }
}
