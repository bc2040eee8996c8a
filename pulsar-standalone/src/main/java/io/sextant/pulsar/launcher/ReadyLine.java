package io.sextant.pulsar.launcher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a started standalone listens, as printed on its ready line:
 * {@code SEXTANT PULSAR READY pulsar://127.0.0.1:6650 http://127.0.0.1:41234 broker-port=6650 listener.wan=pulsar://127.0.0.1:40001}.
 *
 * @param serviceUrl the binary protocol URL clients connect to
 * @param webServiceUrl the HTTP URL of the admin REST API
 * @param brokerPort the broker's own port (a relay forwards there)
 * @param listenerUrls extra advertised listeners by name: where the broker tells clients of that
 *     listener to connect; nothing listens there until a relay does
 */
public record ReadyLine(String serviceUrl, String webServiceUrl, int brokerPort, Map<String, String> listenerUrls) {
  private static final String BROKER_PORT = "broker-port=";
  private static final String LISTENER = "listener.";

  public ReadyLine {
    if (serviceUrl == null || !serviceUrl.startsWith("pulsar://")) {
      throw new IllegalArgumentException("serviceUrl: a pulsar:// URL, not " + serviceUrl);
    }
    if (webServiceUrl == null || !webServiceUrl.startsWith("http://")) {
      throw new IllegalArgumentException("webServiceUrl: an http:// URL, not " + webServiceUrl);
    }
    if (brokerPort <= 0 || brokerPort > 65535) {
      throw new IllegalArgumentException("brokerPort: 1-65535, not " + brokerPort);
    }
    listenerUrls = Map.copyOf(new LinkedHashMap<>(listenerUrls));
  }

  public String format() {
    StringBuilder line = new StringBuilder(Protocol.READY).append(' ').append(serviceUrl).append(' ')
        .append(webServiceUrl).append(' ').append(BROKER_PORT).append(brokerPort);
    listenerUrls.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> line.append(' ').append(LISTENER).append(e.getKey()).append('=').append(e.getValue()));
    return line.toString();
  }

  /** Parses a line {@link #format()} wrote; throws IllegalArgumentException naming what is wrong. */
  public static ReadyLine parse(String line) {
    if (!line.startsWith(Protocol.READY + " ")) {
      throw new IllegalArgumentException("not a ready line: " + line);
    }
    String[] words = line.substring(Protocol.READY.length()).strip().split(" +");
    if (words.length < 3 || !words[2].startsWith(BROKER_PORT)) {
      throw new IllegalArgumentException("ready line without service URL, web service URL and broker port: " + line);
    }
    Map<String, String> listeners = new LinkedHashMap<>();
    for (int i = 3; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      if (!words[i].startsWith(LISTENER) || eq < 0) {
        throw new IllegalArgumentException("unknown field '" + words[i] + "' in ready line: " + line);
      }
      listeners.put(words[i].substring(LISTENER.length(), eq), words[i].substring(eq + 1));
    }
    return new ReadyLine(words[0], words[1], Integer.parseInt(words[2].substring(BROKER_PORT.length())), listeners);
  }

  /** The URL advertised for listener {@code name}; IllegalArgumentException if there is none. */
  public String listenerUrl(String name) {
    String url = listenerUrls.get(name);
    if (url == null) {
      throw new IllegalArgumentException("no listener " + name + " (have " + listenerUrls.keySet() + ")");
    }
    return url;
  }
}
