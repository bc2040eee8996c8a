package io.sextant.collector.source.prometheus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The JDK's HTTP client, for {@code https://} targets (TLS, HTTP/2); redirects are not followed. */
final class JdkHttp implements ScrapeHttp {
  private final HttpClient http;

  JdkHttp(Duration connectTimeout) {
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
  }

  @Override
  public ScrapeResponse get(URI url, Duration timeout) throws IOException, InterruptedException {
    HttpResponse<java.io.InputStream> resp = http.send(HttpRequest.newBuilder(url).timeout(timeout)
        .header("Accept", Format.ACCEPT).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    return new ScrapeResponse(resp.statusCode(), resp.headers().firstValue("Content-Type").orElse(null), resp.body());
  }
}
