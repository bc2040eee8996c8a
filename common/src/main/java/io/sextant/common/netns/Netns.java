package io.sextant.common.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One network namespace of a {@link NetLab}: {@code name} as the lab says it, {@code id} as the
 * kernel knows it; {@link #ROOT} (id null) is the namespace the lab itself runs in.
 */
public record Netns(String name, String id) {
  public static final Netns ROOT = new Netns("root", null);

  /** Runs {@code ip} inside this namespace, e.g. {@code ip("route", "show")}. */
  public String ip(String... args) {
    List<String> cmd = new ArrayList<>(List.of("ip"));
    if (id != null) {
      cmd.addAll(List.of("-n", id));
    }
    cmd.addAll(List.of(args));
    return Sh.run(cmd);
  }

  /** {@code command} with what runs it inside this namespace ({@code ip netns exec}) in front. */
  public List<String> wrap(List<String> command) {
    if (id == null) {
      return List.copyOf(command);
    }
    List<String> cmd = new ArrayList<>(List.of(NetLab.IP.toString(), "netns", "exec", id));
    cmd.addAll(command);
    return cmd;
  }

  /** Runs a short command inside this namespace and returns its output. */
  public String exec(String... command) {
    return Sh.run(wrap(List.of(command)));
  }

  /**
   * Loads an nftables ruleset ({@code nft -f}) inside this namespace: a fault's or a counter's
   * tables, which go with the namespace.
   */
  public String nft(String ruleset) {
    try {
      Path file = Files.createTempFile("sextant-nft", ".nft");
      try {
        Files.writeString(file, ruleset);
        return exec(NetLab.NFT.toString(), "-f", file.toString());
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
