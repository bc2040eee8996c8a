package io.sextant.deploy.cli.ops;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the centre is and who asks: {@code --url} (else {@code SEXTANT_URL}, else
 * {@value #DEFAULT_URL}), a bearer token from {@code --token} or {@code --token-file}, the output
 * format and the name recorded as the operator ({@code --by}, else the login name).
 */
public final class ApiOptions {
  public static final String DEFAULT_URL = "http://127.0.0.1:9093";

  /** Table for people, the server's JSON for scripts. */
  public enum Output { table, json }

  @Option(names = "--url", description = "the centre's HTTP address (default: $SEXTANT_URL, else " + DEFAULT_URL + ")")
  String url;

  @Option(names = "--token", description = "bearer token sent as Authorization: Bearer")
  String token;

  @Option(names = "--token-file", description = "file holding the bearer token (first line)")
  Path tokenFile;

  @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
  Output output;

  @Option(names = "--by", description = "who does it, as recorded in the history (default: your login name)")
  String by;

  /** Set by tests in place of the process environment. */
  static java.util.function.Function<String, String> env = System::getenv;

  URI baseUri() {
    String u = url != null ? url : env.apply("SEXTANT_URL");
    u = u == null || u.isBlank() ? DEFAULT_URL : u.strip();
    URI uri;
    try {
      uri = URI.create(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    } catch (IllegalArgumentException e) {
      throw new OperatorException("--url '" + u + "' is not a URL: " + e.getMessage());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new OperatorException("--url '" + u + "' must start with http:// or https://");
    }
    return uri;
  }

  String token() {
    if (token != null && tokenFile != null) {
      throw new OperatorException("give --token or --token-file, not both");
    }
    if (tokenFile == null) {
      return token == null || token.isBlank() ? null : token.strip();
    }
    try {
      String t = Files.readString(tokenFile, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
      if (t.isEmpty()) {
        throw new OperatorException("--token-file " + tokenFile + " is empty");
      }
      return t;
    } catch (IOException e) {
      throw new OperatorException("cannot read --token-file " + tokenFile + ": " + e.getMessage());
    }
  }

  String by() {
    return by != null && !by.isBlank() ? by : System.getProperty("user.name", "operator");
  }

  ApiClient client() {
    return new ApiClient(baseUri(), token());
  }
}
