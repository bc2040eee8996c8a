package io.sextant.common.netns;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * FRR's zebra and bgpd running in one namespace as the frr user, with their configuration, pid
 * files, logs and vty sockets in {@code dir}: {@code vtysh --vty_socket dir} talks to exactly these
 * daemons, whatever else runs on the machine.
 */
public record FrrRouter(Netns ns, Path dir) {
  public static final Path VTYSH = Path.of("/usr/bin/vtysh");

  /** The vty socket directory to give {@code vtysh --vty_socket} (and Sextant's BGP source and routing adapter). */
  public Path socketDir() {
    return dir;
  }

  /** Runs {@code show} commands (or any exec-mode command) and returns what vtysh printed. */
  public String vtysh(String... commands) {
    List<String> cmd = new ArrayList<>(List.of(VTYSH.toString(), "--vty_socket", dir.toString()));
    for (String c : commands) {
      cmd.add("-c");
      cmd.add(c);
    }
    return Sh.run(cmd);
  }

  /** Applies configuration lines in order, from {@code configure terminal}. */
  public String configure(String... lines) {
    String[] all = new String[lines.length + 1];
    all[0] = "configure terminal";
    System.arraycopy(lines, 0, all, 1, lines.length);
    return vtysh(all);
  }
}
