package io.sextant.pulsar.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadyLineTest {
  @Test
  void aReadyLineReadsBackAsItWasWritten() {
    ReadyLine ready = new ReadyLine("pulsar://127.0.0.1:6650", "http://127.0.0.1:41234", 6650,
        Map.of("wan-site-1", "pulsar://127.0.0.1:40001", "b", "pulsar://127.0.0.1:40002"));
    String line = ready.format();
    assertThat(line).isEqualTo("SEXTANT PULSAR READY pulsar://127.0.0.1:6650 http://127.0.0.1:41234 broker-port=6650 "
        + "listener.b=pulsar://127.0.0.1:40002 listener.wan-site-1=pulsar://127.0.0.1:40001");
    assertThat(ReadyLine.parse(line)).isEqualTo(ready);
    assertThat(ReadyLine.parse(line).listenerUrl("wan-site-1")).isEqualTo("pulsar://127.0.0.1:40001");
  }

  @Test
  void aBrokenReadyLineSaysWhatIsWrong() {
    assertThatThrownBy(() -> ReadyLine.parse("SEXTANT PULSAR READY pulsar://127.0.0.1:1"))
        .hasMessageContaining("without service URL, web service URL and broker port");
    assertThatThrownBy(() -> ReadyLine.parse("SEXTANT PULSAR READY pulsar://h:1 http://h:2 broker-port=1 odd"))
        .hasMessageContaining("unknown field 'odd'");
    assertThatThrownBy(() -> new ReadyLine("http://x", "http://y", 1, Map.of())).hasMessageContaining("serviceUrl");
  }
}
