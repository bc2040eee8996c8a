package io.sextant.alarm.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The one HTTP call the HTTP receivers share: POST a body, map the answer with
 * {@link Outcome#ofHttpStatus}; a connection failure or timeout is retryable. Thread-safe.
 */
public final class HttpPost {
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client;
  private final Duration timeout;

  public HttpPost(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  public HttpPost() {
    this(TIMEOUT);
  }

  public Outcome post(URI uri, String contentType, String body) {
    return send(uri, "POST", java.util.Map.of(), contentType, body);
  }

  /**
   * Sends a body with the given method and extra headers (an SMS gateway's API key, say); the
   * same timeout and outcome mapping as {@link #post}.
   */
  public Outcome send(URI uri, String method, java.util.Map<String, String> headers, String contentType, String body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", contentType)
        .header("User-Agent", "Sextant-AlarmEngine")
        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(builder::header);
    HttpRequest request = builder.build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return Outcome.ofHttpStatus(response.statusCode(), response.body());
    } catch (IOException e) {
      return Outcome.retry("cannot reach " + uri + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.retry("interrupted while posting to " + uri);
    }
  }
}
