package io.sextant.deploy.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The centre's HTTP API for the CLI, on the JDK's client: JSON in, JSON out, the bearer token on
 * every request. An answer of 400 or more becomes an {@link OperatorException} carrying the
 * server's own message (its {@code message} field, else its body). Not thread-safe; one per command.
 */
final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  ApiClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  JsonNode get(String path) {
    return send("GET", path, null);
  }

  JsonNode post(String path, Object body) {
    return send("POST", path, body);
  }

  JsonNode delete(String path) {
    return send("DELETE", path, null);
  }

  private JsonNode send(String method, String path, Object body) {
    URI uri = URI.create(base + path);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      if (body != null) {
        b.header("Content-Type", "application/json");
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 400) {
        throw new OperatorException(method + " " + uri + " failed with HTTP " + r.statusCode() + ": "
            + message(r.body()));
      }
      return r.body() == null || r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new OperatorException("cannot reach " + base + " (" + method + " " + path + "): "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperatorException("interrupted");
    }
  }

  private static String message(String body) {
    if (body == null || body.isBlank()) {
      return "(no message)";
    }
    try {
      JsonNode n = JSON.readTree(body);
      if (n.hasNonNull("message")) {
        return n.get("message").asText();
      }
      if (n.isTextual()) {
        return n.asText();
      }
    } catch (IOException notJson) {
      // print it as it came
    }
    return body.strip();
  }
}
