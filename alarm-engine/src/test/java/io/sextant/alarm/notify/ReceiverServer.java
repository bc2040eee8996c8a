package io.sextant.alarm.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP peer on loopback for receiver tests: each path answers with a status chosen by the
 * request's sequence number on that path, and records every request's content type and body.
 */
final class ReceiverServer implements AutoCloseable {
  record Request(String contentType, String body) {}

  private final HttpServer server;
  private final Map<String, List<Request>> requests = new ConcurrentHashMap<>();

  ReceiverServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.start();
  }

  /** @param status request number on this path (1-based) to the HTTP status to answer */
  ReceiverServer path(String path, IntUnaryOperator status) {
    List<Request> seen = Collections.synchronizedList(new ArrayList<>());
    requests.put(path, seen);
    server.createContext(path, exchange -> answer(exchange, seen, status));
    return this;
  }

  private static void answer(HttpExchange exchange, List<Request> seen, IntUnaryOperator status) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    seen.add(new Request(exchange.getRequestHeaders().getFirst("Content-Type"), body));
    int code = status.applyAsInt(seen.size());
    byte[] answer = (code < 300 ? "ok" : "nope " + code).getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(code, answer.length);
    exchange.getResponseBody().write(answer);
    exchange.close();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  List<Request> requests(String path) {
    return List.copyOf(requests.get(path));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
