package io.sextant.testkit.pulsar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The few Pulsar admin calls tests make, over the broker's REST API ({@code /admin/v2}) with the
 * JDK's HTTP client, so no Pulsar admin library (and its Netty or Jersey) reaches a test's class
 * path. Names are Pulsar's: {@code tenant/namespace}, and topics as
 * {@code persistent://tenant/namespace/topic}.
 */
public final class PulsarRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final String base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NORMAL).build();

  /**
   * @param webServiceUrl the broker's {@code http://host:port}
   * @param token a super user's token when the broker requires authentication, else null
   */
  public PulsarRest(String webServiceUrl, String token) {
    if (webServiceUrl == null || !webServiceUrl.startsWith("http")) {
      throw new IllegalArgumentException("webServiceUrl: an http URL, not " + webServiceUrl);
    }
    this.base = webServiceUrl.endsWith("/") ? webServiceUrl.substring(0, webServiceUrl.length() - 1) : webServiceUrl;
    this.token = token;
  }

  /** Creates {@code tenant/namespace} unless it exists. */
  public void createNamespace(String namespace) throws IOException, InterruptedException {
    send("PUT", "/admin/v2/namespaces/" + namespace, null, 409);
  }

  /** Lets {@code role} act on {@code tenant/namespace}; actions are Pulsar's ({@code produce}, {@code consume}). */
  public void grantPermission(String namespace, String role, String... actions) throws IOException, InterruptedException {
    String body = Arrays.stream(actions).map(a -> "\"" + a + "\"").collect(Collectors.joining(",", "[", "]"));
    send("POST", "/admin/v2/namespaces/" + namespace + "/permissions/" + role, body);
  }

  /** Asks the broker to compact {@code topic} now. */
  public void triggerCompaction(String topic) throws IOException, InterruptedException {
    send("PUT", "/admin/v2/" + path(topic) + "/compaction", null);
  }

  /** The compaction status: {@code NOT_RUN}, {@code RUNNING}, {@code SUCCESS} or {@code ERROR} (with its error). */
  public JsonNode compactionStatus(String topic) throws IOException, InterruptedException {
    return JSON.readTree(send("GET", "/admin/v2/" + path(topic) + "/compaction", null));
  }

  /** The topic's statistics as Pulsar returns them ({@code subscriptions.<name>.msgBacklog}, ...). */
  public JsonNode topicStats(String topic) throws IOException, InterruptedException {
    return JSON.readTree(send("GET", "/admin/v2/" + path(topic) + "/stats", null));
  }

  /** {@code persistent://t/ns/topic} as the REST path {@code persistent/t/ns/topic}. */
  private static String path(String topic) {
    int scheme = topic.indexOf("://");
    if (scheme < 0) {
      throw new IllegalArgumentException("topic: a fully qualified name (persistent://tenant/namespace/topic), not " + topic);
    }
    return topic.substring(0, scheme) + "/" + topic.substring(scheme + 3);
  }

  private String send(String method, String path, String body, int... alsoFine) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    int status = response.statusCode();
    if (status / 100 != 2 && Arrays.stream(alsoFine).noneMatch(s -> s == status)) {
      throw new IOException(method + " " + path + ": HTTP " + status + " " + response.body());
    }
    return response.body();
  }
}
