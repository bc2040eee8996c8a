package io.sextant.actuator.hook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.sextant.actuator.CallLog;
import io.sextant.actuator.Counters;
import io.sextant.common.action.ActionResult;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionKind;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hook behind TLS with a self-signed certificate (made by the JDK's keytool): trusted through
 * the hook's {@code trust} PEM it is called; without it the call fails (retryably, counted) and
 * nothing is sent in the clear.
 */
class HookTlsTest {
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  @TempDir Path dir;
  HttpsServer server;
  Path pem;

  @BeforeEach
  void start() throws Exception {
    Path keystore = dir.resolve("hook.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(keytool, "-genkeypair", "-alias", "hook", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
        keystore.toString(), "-storepass", "changeit", "-keypass", "changeit");
    pem = dir.resolve("hook-ca.pem");
    run(keytool, "-exportcert", "-rfc", "-alias", "hook", "-keystore", keystore.toString(), "-storepass", "changeit",
        "-file", pem.toString());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
    server.setHttpsConfigurator(new HttpsConfigurator(ctx));
    WebhookSignature sig = WebhookSignature.ofSecret(SECRET);
    server.createContext("/hook", ex -> {
      try (ex; InputStream in = ex.getRequestBody()) {
        byte[] body = in.readAllBytes();
        boolean ok = sig.refusal(ex.getRequestHeaders().getFirst(WebhookSignature.ID),
            ex.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP),
            ex.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE), body, Instant.now()).isEmpty();
        byte[] out = (ok ? "{\"outcome\": \"done\", \"detail\": \"over TLS\"}" : "bad signature")
            .getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(ok ? 200 : 401, out.length);
        ex.getResponseBody().write(out);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  HookAdapter hook(Path trust, Counters counters) throws Exception {
    URI url = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    return new HookAdapter(new HookSettings("tls", url, dir.resolve("unused.whsec"), trust, Duration.ofSeconds(5), 1,
        Duration.ofMillis(10)), SECRET, "edge-1", null, CallLog.discard(Clock.systemUTC()), counters,
        Clock.systemUTC(), d -> { });
  }

  static Action action() {
    return new Action(null, "edge-1", Instant.now(), ActionKind.RESTART, "node:edge-1/gw", Map.of(), "rb", "t", null);
  }

  @Test
  void aHookWhoseCertificateIsInItsTrustFileIsCalledOverTls() throws Exception {
    ActionResult r = hook(pem, new Counters()).apply(action(), "tls");
    assertThat(r.ok()).as(r.detail()).isTrue();
    assertThat(r.detail()).isEqualTo("hook tls apply done: over TLS");
  }

  @Test
  void withoutTheTrustFileTheCertificateIsRefusedAndTheCallFails() throws Exception {
    Counters counters = new Counters();
    ActionResult r = hook(null, counters).apply(action(), "tls");
    assertThat(r.ok()).isFalse();
    assertThat(r.retryable()).isTrue();
    assertThat(r.detail()).contains("cannot reach https://127.0.0.1:");
    assertThat(counters.get("hook_unreachable")).isEqualTo(2);
  }
}
