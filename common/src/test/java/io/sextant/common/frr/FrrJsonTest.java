package io.sextant.common.frr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** FRR 8.4's answers, as captured from bgpd (golden files), and what is refused. */
class FrrJsonTest {
  @Test
  void readsTheSessionsOfTheSummary() throws IOException {
    assertThat(FrrJson.summary(golden("summary.json"))).containsExactly(
        new BgpPeer("10.99.1.2", "Established", 1, 3, 2),
        new BgpPeer("10.99.3.2", "Active", 0, 0, 0));
    assertThat(FrrJson.summary("{}")).isEmpty(); // bgpd without neighbors
  }

  @Test
  void readsThePathsOfAPrefix() throws IOException {
    assertThat(FrrJson.paths(golden("prefix.json"), "10.22.0.0/24")).containsExactly(
        new BgpPath("10.99.1.2", true, 100, "65002", 1796553686),
        new BgpPath("10.99.2.2", false, 50, "65002 65002", 0)); // no lastUpdate shown: 0
    assertThat(FrrJson.paths("{\n}\n", "10.30.0.0/24")).isEmpty(); // not in the table
  }

  @Test
  void aPathAnnouncedAgainWithTheSameRouteIsAFlapAndAPolicyChangeIsNot() {
    BgpPath before = new BgpPath("10.99.1.2", true, 100, "65002", 1000);
    assertThat(new BgpPath("10.99.1.2", true, 100, "65002", 1003).reannouncedSince(before)).isTrue();
    assertThat(new BgpPath("10.99.1.2", false, 100, "65002", 1003).reannouncedSince(before)).as("best or not").isTrue();
    assertThat(new BgpPath("10.99.1.2", true, 100, "65002", 1000).reannouncedSince(before)).isFalse();
    assertThat(new BgpPath("10.99.1.2", true, 100, "65002", 1001).reannouncedSince(before)).as("the epoch's wobble")
        .isFalse();
    assertThat(new BgpPath("10.99.1.2", false, 90, "65002", 1003).reannouncedSince(before)).as("a reroute's route map")
        .isFalse();
    assertThat(new BgpPath("10.99.1.2", true, 100, "65002 65002", 1003).reannouncedSince(before)).isFalse();
    assertThat(new BgpPath("10.99.1.2", true, 100, "65002", 1003).reannouncedSince(
        new BgpPath("10.99.1.2", true, 100, "65002", 0))).as("FRR showed no time before").isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not json          | % Unknown command: show bgp summary jsn | not JSON",
      "an array          | []                                      | expected a JSON object",
      "peer without state| {\"ipv4Unicast\": {\"peers\": {\"10.0.0.1\": {\"pfxRcd\": 1}}}} | peer 10.0.0.1 has no state",
  })
  void refusesWhatIsNotFrrsAnswer(String name, String text, String message) {
    assertThatThrownBy(() -> FrrJson.summary(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("show bgp summary json").hasMessageContaining(message);
  }

  @Test
  void splitsTheAnswersOfOneVtyshRun() throws IOException {
    var answers = FrrJson.answers(golden("summary.json") + golden("prefix.json") + "{\n}\n", 3, "poll");
    assertThat(FrrJson.summary(answers.get(0))).hasSize(2);
    assertThat(FrrJson.paths(answers.get(1), "10.22.0.0/24")).hasSize(2);
    assertThat(FrrJson.paths(answers.get(2), "10.30.0.0/24")).isEmpty();
    assertThatThrownBy(() -> FrrJson.answers("{}\n% Unknown command", 2, "poll")).hasMessageStartingWith("poll: not JSON");
    assertThatThrownBy(() -> FrrJson.answers("{}", 2, "poll")).hasMessageContaining("2 answers expected, got 1");
  }

  @Test
  void aPathWithoutItsPeerIsRefused() {
    assertThatThrownBy(() -> FrrJson.paths("{\"paths\": [{\"valid\": true}]}", "10.0.0.0/8"))
        .hasMessageContaining("show bgp ipv4 unicast 10.0.0.0/8 json: a path has no peer.peerId");
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = FrrJsonTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
