package io.sextant.collector.source.prometheus;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One configured scrape target: its name (the source's name), URL, the labels added to each of
 * its samples (e.g. {@code job}, {@code instance}, {@code resource}) and the scrape timeout. As in
 * Prometheus, {@code job} defaults to the name and {@code instance} to the URL's host:port, so two
 * targets exposing the same metric never merge into one series.
 */
public record ScrapeTarget(String name, URI url, Map<String, String> labels, Duration timeout) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  public ScrapeTarget {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    Map<String, String> l = new java.util.TreeMap<>(labels);
    l.putIfAbsent("job", name);
    l.putIfAbsent("instance", url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort());
    labels = Map.copyOf(l);
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }
}
