package io.sextant.central.rca;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.central.rca.LearnedCalls.Call;
import io.sextant.central.rca.LearnedCalls.Source;
import io.sextant.common.model.Sample;
import io.sextant.common.topology.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearnedCallsTest {
  static final Instant T = Instant.parse("2026-12-06T18:00:00Z");

  static Sample calls(String caller, String callee, Instant t, double n) {
    return new Sample("edge-1", LearnedCalls.METRIC, Map.of("caller", caller, "callee", callee,
        Sample.RESOURCE, "service:" + caller), t, n);
  }

  static Service service(String id, String... dependsOn) {
    return new Service(id, "edge-1", "edge-1/n1", 1, false, List.of(dependsOn));
  }

  static List<String> edges(LearnedCalls.Union u) {
    return u.calls().stream().map(c -> c.caller() + "->" + c.callee() + ":" + c.source()).toList();
  }

  @Test
  void learnedCallsJoinTheFileAndTheGraphFollowsThem() {
    LearnedCalls learned = new LearnedCalls();
    learned.onSamples(List.of(calls("edge-1/api", "edge-1/db", T, 3), calls("edge-1/api", "edge-1/db", T.plusSeconds(5), 4),
        calls("edge-1/web", "edge-1/api", T, 1), // the file says it already
        calls("edge-1/web", "edge-2/cache", T, 2))); // a service the file does not list
    LearnedCalls.Union u = learned.union(List.of(service("edge-1/web", "edge-1/api"), service("edge-1/api"),
        service("edge-1/db")), T.plusSeconds(10));
    assertThat(edges(u)).containsExactly("edge-1/web->edge-1/api:TOPOLOGY", "edge-1/api->edge-1/db:LEARNED",
        "edge-1/web->edge-2/cache:LEARNED");
    assertThat(u.calls().get(1)).isEqualTo(new Call("edge-1/api", "edge-1/db", Source.LEARNED, T.plusSeconds(5), 7));
    assertThat(u.graph().candidatesFor("edge-1/web"))
        .containsExactlyInAnyOrder("edge-1/web", "edge-1/api", "edge-1/db", "edge-2/cache");
  }

  @Test
  void aLearnedCallClosingACycleIsSkipped() {
    LearnedCalls learned = new LearnedCalls();
    learned.onSamples(List.of(calls("edge-1/db", "edge-1/web", T, 1), calls("edge-1/api", "edge-1/db", T, 1)));
    LearnedCalls.Union u = learned.union(List.of(service("edge-1/web", "edge-1/api"), service("edge-1/api"),
        service("edge-1/db")), T);
    // api -> db is taken first (sorted), then db -> web would close web -> api -> db -> web.
    assertThat(edges(u)).containsExactly("edge-1/web->edge-1/api:TOPOLOGY", "edge-1/api->edge-1/db:LEARNED");
  }

  @Test
  void learnedCallsAgeOutAndAreCapped() {
    LearnedCalls learned = new LearnedCalls(Duration.ofMinutes(10), 2);
    learned.onSamples(List.of(calls("a/x", "a/y", T, 1), calls("a/y", "a/z", T.plusSeconds(300), 1),
        calls("a/z", "a/w", T, 1), calls("a/x", "a/x", T, 1), calls("a/x", "a/q", T, 0)));
    assertThat(learned.dropped()).isEqualTo(1);
    assertThat(learned.bad()).isEqualTo(2);
    assertThat(edges(learned.union(List.of(), T.plusSeconds(600)))).containsExactly("a/x->a/y:LEARNED",
        "a/y->a/z:LEARNED");
    assertThat(edges(learned.union(List.of(), T.plusSeconds(601)))).containsExactly("a/y->a/z:LEARNED");
    // Room again once one aged out.
    learned.onSamples(List.of(calls("a/z", "a/w", T.plusSeconds(601), 1)));
    assertThat(edges(learned.union(List.of(), T.plusSeconds(602)))).hasSize(2);
  }
}
