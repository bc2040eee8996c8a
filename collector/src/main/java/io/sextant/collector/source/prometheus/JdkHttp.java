package io.sextant.collector.source.prometheus;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The JDK's HTTP client, for {@code https://} targets (TLS, HTTP/2); redirects are not followed.
 * The body is read whole before it is parsed, as before the plain client existed: the client's
 * request timeout then bounds the exchange as it always did, which a stream read later would not.
 */
final class JdkHttp implements ScrapeHttp {
  private final HttpClient http;

  JdkHttp(Duration connectTimeout) {
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
  }

  @Override
  public ScrapeResponse get(URI url, Duration timeout) throws IOException, InterruptedException {
    HttpResponse<byte[]> resp = http.send(HttpRequest.newBuilder(url).timeout(timeout)
        .header("Accept", Format.ACCEPT).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    return new ScrapeResponse(resp.statusCode(), resp.headers().firstValue("Content-Type").orElse(null),
        new ByteArrayInputStream(resp.body()));
  }
}
