package io.sextant.node.central.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.sextant.actuator.hook.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A remediation hook receiver for the live centre's test, on the JDK's HTTP server: it checks the
 * Standard Webhooks signature (the reference npm package checks the same bytes in the actuators'
 * HookReceiverIT), records each CloudEvent, and answers {@code 200 done}. What the "network" then
 * does is up to the test: the receiver itself changes nothing.
 */
final class TestHook implements AutoCloseable {
  final List<JsonNode> events = new CopyOnWriteArrayList<>();
  final List<String> refused = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final WebhookSignature signature;

  TestHook(String secret) throws IOException {
    this.signature = WebhookSignature.ofSecret(secret);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    server.createContext("/sdn", ex -> {
      try (ex; InputStream in = ex.getRequestBody()) {
        byte[] body = in.readAllBytes();
        var h = ex.getRequestHeaders();
        var no = signature.refusal(h.getFirst(WebhookSignature.ID), h.getFirst(WebhookSignature.TIMESTAMP),
            h.getFirst(WebhookSignature.SIGNATURE), body, Instant.now());
        byte[] out;
        if (no.isPresent()) {
          refused.add(no.get());
          out = no.get().getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(401, out.length);
        } else {
          JsonNode event = new ObjectMapper().readTree(body);
          events.add(event);
          out = ("{\"outcome\": \"done\", \"detail\": \"" + event.path("type").asText() + " accepted by the SDN "
              + "controller\"}").getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(200, out.length);
        }
        ex.getResponseBody().write(out);
      }
    });
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sdn");
  }

  List<JsonNode> ofType(String type) {
    return events.stream().filter(e -> e.path("type").asText().equals(type)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
