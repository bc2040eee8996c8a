package io.sextant.common.frr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads FRR's JSON answers (as of FRR 8.4). Only the fields Sextant uses are read, so fields FRR
 * adds later do not matter; a field that is missing where it must be is an error that names it.
 */
public final class FrrJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FrrJson() {}

  /** The IPv4 unicast sessions of {@code show bgp summary json}; none when bgpd has no neighbor. */
  public static List<BgpPeer> summary(String json) {
    return summary(parse(json, "show bgp summary json"));
  }

  /** {@link #summary(String)} of an answer already parsed (one of {@link #answers}). */
  public static List<BgpPeer> summary(JsonNode answer) {
    JsonNode peers = answer.path("ipv4Unicast").path("peers");
    List<BgpPeer> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = peers.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode p = e.getValue();
      if (!p.has("state")) {
        throw new IllegalArgumentException("show bgp summary json: peer " + e.getKey() + " has no state");
      }
      out.add(new BgpPeer(e.getKey(), p.get("state").asText(), p.path("pfxRcd").asLong(0),
          p.path("connectionsEstablished").asLong(0), p.path("connectionsDropped").asLong(0)));
    }
    return out;
  }

  /** The paths of {@code show bgp ipv4 unicast PREFIX json}; none when the prefix is not in the table. */
  public static List<BgpPath> paths(String json, String prefix) {
    return paths(parse(json, "show bgp ipv4 unicast " + prefix + " json"), prefix);
  }

  /** {@link #paths(String, String)} of an answer already parsed (one of {@link #answers}). */
  public static List<BgpPath> paths(JsonNode answer, String prefix) {
    String what = "show bgp ipv4 unicast " + prefix + " json";
    JsonNode paths = answer.path("paths");
    List<BgpPath> out = new ArrayList<>();
    for (JsonNode p : paths) {
      JsonNode peer = p.path("peer").path("peerId");
      if (peer.isMissingNode()) {
        throw new IllegalArgumentException(what + ": a path has no peer.peerId");
      }
      out.add(new BgpPath(peer.asText(), p.path("bestpath").path("overall").asBoolean(false),
          p.path("locPrf").asLong(100), p.path("aspath").path("string").asText(""),
          p.path("lastUpdate").path("epoch").asLong(0)));
    }
    return out;
  }

  /**
   * The {@code n} JSON objects one vtysh run printed for {@code n} {@code -c ... json} commands, in
   * order: one process instead of {@code n} (a vtysh start costs far more than its answer).
   */
  public static List<JsonNode> answers(String text, int n, String what) {
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNextValue()) {
        JsonNode node = it.nextValue();
        if (!node.isObject()) {
          throw new IllegalArgumentException(what + ": expected JSON objects, got '" + abbreviate(node.toString()) + "'");
        }
        out.add(node);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(what + ": not JSON (" + e.getMessage() + "): '" + abbreviate(text) + "'");
    }
    if (out.size() != n) {
      throw new IllegalArgumentException(what + ": " + n + " answers expected, got " + out.size() + ": '"
          + abbreviate(text) + "'");
    }
    return out;
  }

  private static JsonNode parse(String json, String what) {
    try {
      JsonNode n = JSON.readTree(json);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException(what + ": expected a JSON object, got '" + abbreviate(json) + "'");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + ": not JSON (" + e.getOriginalMessage() + "): '" + abbreviate(json) + "'");
    }
  }

  private static String abbreviate(String s) {
    String t = s == null ? "" : s.strip();
    return t.length() > 120 ? t.substring(0, 120) + "…" : t;
  }
}
