package io.sextant.alarm.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decoder's fast path (plain bytes, cached label sets) gives exactly what the parser alone
 * gives: the same alerts, the same errors, the same rejected bodies, on a cold and a warm cache.
 */
class AlertDecoderFastPathTest {
  static final String GOOD = "{\"labels\":{\"alertname\":\"DiskFull\",\"instance\":\"node-1\",\"severity\":\"critical\"},"
      + "\"annotations\":{\"summary\":\"disk full\",\"description\":\"on /\"},\"startsAt\":\"2025-03-01T12:00:10Z\","
      + "\"endsAt\":\"2025-03-01T12:05:00Z\",\"generatorURL\":\"http://prom/graph?g0.expr=up\",\"extra\":1}";

  /** What a decode gave, field by field, errors with their reasons and messages. */
  static String outcome(AlertDecoder decoder, byte[] body, boolean parserOnly) {
    try {
      List<String> out = new ArrayList<>();
      for (PostedAlert a : parserOnly ? decoder.parsed(body) : decoder.decode(body)) {
        PostedAlert.Errors e = a.errors();
        out.add(a.index() + " " + a.labels().labels + " " + a.annotations().annotations() + " [" + a.startsAt() + "] ["
            + a.endsAt() + "] [" + a.generatorURL() + "]" + (e == null ? "" : " errors " + String.join("; ",
                describe(e.object), describe(e.labels), describe(e.annotations), describe(e.startsAt),
                describe(e.endsAt), describe(e.generatorURL))));
      }
      return String.join("\n", out);
    } catch (AlertDecoder.BadBody e) {
      return "bad body " + e.reason + ": " + e.getMessage();
    }
  }

  static String describe(BadAlert e) {
    return e == null ? "-" : e.reason + ": " + e.getMessage();
  }

  /** A cold decoder; small caches, as thousands are made. */
  static AlertDecoder fresh() {
    return new AlertDecoder(64, 4096, 1 << 20);
  }

  static void assertSameAsParser(AlertDecoder warm, byte[] body) {
    String expected = outcome(fresh(), body, true);
    assertThat(outcome(fresh(), body, false)).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(outcome(warm, body, false)).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(outcome(warm, body, false)).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "[" + GOOD + "," + GOOD + "]",
      " [ \n" + GOOD + " , {\"labels\" : { \"alertname\" : \"A\" } , \"endsAt\" : null, \"startsAt\":null} ]\n",
      "[]", " [ ] ", "[] trailing", "", "{}", "[1," + GOOD + "]", "[" + GOOD + ",]", "[" + GOOD + "",
      "[{\"labels\":{\"alertname\":\"A\\\"b\",\"x\":\"\\u00e9\"}}]", "[{\"labels\":{\"alertname\":\"é\"}}]",
      "[{\"labels\":{\"alertname\":\"A\",\"bad-name\":\"x\"}}]", "[{\"labels\":{\"alertname\":\"A\",\"n\":1}}]",
      "[{\"labels\":null,\"annotations\":null}]", "[{\"labels\":{}}]", "[{}]", "[{\"labels\":[]}]",
      "[{\"labels\":{\"alertname\":\"A\"},\"x\":{\"y\":[1,{\"z\":null}]},\"n\":-0.5e3,\"t\":true,\"f\":false}]",
      "[{\"labels\":{\"alertname\":\"A\"},\"n\":01}]", "[{\"labels\":{\"alertname\":\"A\"},\"n\":1.}]",
      "[{\"labels\":{\"alertname\":\"A\"},\"n\":nul}]", "[{\"labels\":{\"alertname\":\"A\"},\"n\":+1}]",
      "[{\"labels\":{\"alertname\":\"A\"},\"startsAt\":5,\"endsAt\":[],\"generatorURL\":{}}]",
      "[{\"labels\":{\"alertname\":\"A\"},\"generatorURL\":\"http:\\/\\/x\"}]",
      "[{\"labels\":{\"alertname\":\"A\"},\"labels\":{\"alertname\":\"B\"}}]",
      "[{\"labels\":{\"alertname\":\"A\"},\"labels\":{\"alertname\":1}}]",
      "[{\"labels\":{\"alertname\":\"A\\tB\"}}]", "[{\"labels\":{\"alertname\":\"A\tB\"}}]",
      "[{\"labels\":{\"alertname\":\"A\"}}{\"labels\":{}}]", "[{\"labels\":{\"alertname\":\"A\"},}]",
      "[{\"labels\":{\"alertname\":\"A\",}}]", "[{\"labels\":{\"alertname\" \"A\"}}]",
      "[{'labels':{}}]", "[{\"labels\":{\"alertname\":\"A\"}} , ", "[{\"labels\":{\"alertname\":\"A\"}}]]"})
  void givesWhatTheParserGives(String body) throws Exception {
    AlertDecoder warm = new AlertDecoder();
    warm.decode(body("[" + GOOD + "]"));
    assertSameAsParser(warm, body(body));
  }

  @Test
  void limitsAreCheckedAsByTheParser() {
    StringBuilder many = new StringBuilder("[{\"labels\":{\"alertname\":\"A\"");
    for (int i = 0; i < AlertIntake.MAX_LABELS; i++) {
      many.append(",\"l").append(i).append("\":\"v\"");
    }
    assertSameAsParser(new AlertDecoder(), body(many.append("}}]").toString()));
    String large = "x".repeat(AlertIntake.MAX_VALUE_CHARS);
    assertSameAsParser(new AlertDecoder(), body("[{\"labels\":{\"alertname\":\"" + large + "\"}}]"));
    assertSameAsParser(new AlertDecoder(), body("[{\"labels\":{\"alertname\":\"" + large + "x\"}}]"));
    assertSameAsParser(new AlertDecoder(), body("[{\"labels\":{\"alertname\":\"A\"},\"annotations\":{\"a\":\"" + large
        + "x\"}}]"));
  }

  @Test
  void anyOneByteChangedGivesWhatTheParserGives() throws Exception {
    String batch = "[" + GOOD + "," + GOOD.replace("node-1", "node-2") + "," + GOOD.replace("\"extra\":1", "\"e\":null")
        + "]";
    AlertDecoder warm = new AlertDecoder();
    warm.decode(body(batch));
    SplittableRandom random = new SplittableRandom(14);
    byte[] alphabet = body("{}[]\",:\\ 0a-eé\t");
    for (int n = 0; n < 2000; n++) {
      byte[] b = body(batch);
      for (int k = random.nextInt(1, 3); k > 0; k--) {
        b[random.nextInt(b.length)] = alphabet[random.nextInt(alphabet.length)];
      }
      assertSameAsParser(warm, b);
    }
  }

  /**
   * A kept object's end is proposed at its first '}' (labels) or at the length of the label set's
   * last annotations: a brace inside a value, or annotations that only start like the last ones,
   * still give what the parser gives, and a resent label set with a brace in a value is still a
   * hit, counted once.
   */
  @Test
  void bracesInsideValuesAndAnnotationsThatChange() throws Exception {
    String braces = "{\"labels\":{\"alertname\":\"Rate\",\"expr\":\"rate(x{job=\\\"a\\\"}[5m]) > 1\",\"z\":\"}\"},"
        + "\"annotations\":{\"summary\":\"{{ $value }}\"},\"startsAt\":\"2025-03-01T12:00:10Z\"}";
    AlertDecoder warm = new AlertDecoder();
    warm.decode(body("[" + braces + "]"));
    assertSameAsParser(warm, body("[" + braces + "," + braces + "]"));
    AlertIntake.CacheStats before = warm.labelStats();
    warm.decode(body("[" + braces + "]"));
    assertThat(warm.labelStats().hits()).isEqualTo(before.hits() + 1);
    assertThat(warm.labelStats().misses()).isEqualTo(before.misses());
    // The same labels with annotations that begin as the last ones and go on, or stop short.
    for (String annotations : List.of("{\"summary\":\"{{ $value }}\",\"more\":\"x\"}", "{\"summary\":\"{{ $value }\"}",
        "{\"summary\":\"{{ $value }}\"", "{}")) {
      assertSameAsParser(warm, body("[" + braces.replace("{\"summary\":\"{{ $value }}\"}", annotations) + "]"));
    }
  }

  static byte[] body(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
