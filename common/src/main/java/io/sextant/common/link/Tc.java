package io.sextant.common.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.common.netns.Sh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Shapes an interface's egress with a root token bucket filter ({@code tc qdisc replace ... root
 * tbf}) and reads back what the kernel holds ({@code tc -j qdisc show}), never what was asked.
 * Failures (tc missing, no such interface, tc refusing) are {@link IllegalStateException}s whose
 * message names the command and tc's own words. Stateless; thread-safe as far as tc is.
 */
public final class Tc implements LinkStats {
  public static final Path TC = Path.of("/usr/sbin/tc");
  public static final Path IP = Path.of("/usr/sbin/ip");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The bucket holds 10 ms at the rate, and never less than a few full frames (tbf refuses a bucket below one MTU). */
  private static final long MIN_BURST_BYTES = 32 * 1024;
  private static final String LATENCY = "50ms";

  private final Path tc;
  private final Path ip;

  public Tc(Path tc, Path ip) {
    this.tc = tc;
    this.ip = ip;
  }

  public Tc() {
    this(TC, IP);
  }

  /** The root tbf's rate in bit/s, or empty when the interface is not shaped by a root tbf. */
  @Override
  public OptionalLong rateBps(LinkInterface i) {
    JsonNode qdiscs = json(run(tc, i, "-j", "qdisc", "show", "dev", i.device()), "tc -j qdisc show");
    for (JsonNode q : qdiscs) {
      if (q.path("root").asBoolean(false) && "tbf".equals(q.path("kind").asText())) {
        JsonNode o = q.path("options");
        // tc prints "rate64" instead of "rate" above 2^32 bytes/s
        JsonNode rate = o.has("rate64") ? o.path("rate64") : o.path("rate");
        if (!rate.canConvertToLong()) {
          throw new IllegalStateException("tc -j qdisc show dev " + i + ": a tbf without a rate: " + q);
        }
        return OptionalLong.of(rate.asLong() * 8);
      }
    }
    return OptionalLong.empty();
  }

  /** Shapes the interface's egress to {@code bps} bit/s (replacing whatever root qdisc it had). */
  public void setRate(LinkInterface i, long bps) {
    if (bps < 8) {
      throw new IllegalArgumentException("rate: at least 8 bit/s, got " + bps);
    }
    long burst = Math.max(MIN_BURST_BYTES, bps / 8 / 100);
    run(tc, i, "qdisc", "replace", "dev", i.device(), "root", "tbf", "rate", bps + "bit", "burst",
        Long.toString(burst), "latency", LATENCY);
  }

  /** Takes the root qdisc off (back to the kernel's default, unshaped); nothing when there is none of ours. */
  public void clear(LinkInterface i) {
    if (rateBps(i).isPresent()) {
      run(tc, i, "qdisc", "del", "dev", i.device(), "root");
    }
  }

  /** The interface's transmitted bytes since it was created ({@code ip -s -j link show}). */
  @Override
  public long txBytes(LinkInterface i) {
    JsonNode links = json(run(ip, i, "-s", "-j", "link", "show", "dev", i.device()), "ip -s -j link show");
    JsonNode bytes = links.path(0).path("stats64").path("tx").path("bytes");
    if (!bytes.canConvertToLong()) {
      throw new IllegalStateException("ip -s -j link show dev " + i + ": no tx bytes in " + links);
    }
    return bytes.asLong();
  }

  private static String run(Path tool, LinkInterface i, String... args) {
    if (!Files.isExecutable(tool)) {
      throw new IllegalStateException(tool + " is missing (install iproute2)");
    }
    List<String> cmd = new ArrayList<>(List.of(tool.toString()));
    if (i.namespace() != null) {
      cmd.addAll(List.of("-n", i.namespace()));
    }
    cmd.addAll(List.of(args));
    return Sh.run(cmd);
  }

  private static JsonNode json(String text, String what) {
    try {
      JsonNode n = JSON.readTree(text);
      if (!n.isArray()) {
        throw new IllegalStateException(what + ": expected a JSON array, got " + text.strip());
      }
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(what + ": not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
