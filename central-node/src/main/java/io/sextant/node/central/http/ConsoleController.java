package io.sextant.node.central.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.sextant.common.security.ApiTokens.Principal;
import io.sextant.common.security.ApiTokens.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in console: {@code /} is its page and {@code /console/*} its scripts and style, plain
 * files from this jar (no external asset, no build step). They hold no data and are served without
 * a token; the page asks for one and sends it with every API call. {@code GET /api/v1/whoami}
 * tells the page the caller's role, so a viewer is shown no button that acts. Every answer carries
 * a Content-Security-Policy that allows only this origin's scripts and no inline script, a second
 * wall behind the console's rule of writing data as text only.
 */
@Controller
public class ConsoleController {
  static final String DIR = "/io/sextant/node/central/console/";
  /** The console's files: only these are served, read once at start. */
  static final List<String> FILES = List.of("index.html", "console.css", "api.js", "draw.js", "alarms.js",
      "topology.js", "actions.js", "kpis.js", "app.js");
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

  private final Map<String, byte[]> files = new LinkedHashMap<>();

  public ConsoleController() {
    for (String f : FILES) {
      files.put(f, read(f));
    }
  }

  /** True for the requests the token filter lets through: the console's files, read only. */
  public static boolean isConsoleFile(HttpMethod method, String path) {
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      return false;
    }
    return path.equals("/") || path.startsWith("/console/") && FILES.contains(path.substring("/console/".length()));
  }

  @Get("/")
  public HttpResponse<byte[]> index() {
    return file("index.html");
  }

  @Get("/console/{name}")
  public HttpResponse<byte[]> asset(String name) {
    return files.containsKey(name) ? file(name) : HttpResponse.notFound();
  }

  /** Who the token names, for the page to show the buttons the role may use. */
  @Get("/api/v1/whoami")
  public Principal whoami(HttpRequest<?> request) {
    @Nullable Principal who = request.getAttribute(Authenticate.PRINCIPAL, Principal.class).orElse(null);
    // A port without tokens takes every call: its caller may do everything.
    return who != null ? who : new Principal("anyone (this port takes no tokens)", Role.ADMIN);
  }

  private HttpResponse<byte[]> file(String name) {
    return HttpResponse.ok(files.get(name)).contentType(type(name)).header("Cache-Control", "no-cache")
        .header("Content-Security-Policy", CSP).header("X-Content-Type-Options", "nosniff");
  }

  private static String type(String name) {
    if (name.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    return name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
  }

  private static byte[] read(String name) {
    try (InputStream in = ConsoleController.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IllegalStateException(DIR + name + " is missing from the central node's jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
