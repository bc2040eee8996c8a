package io.sextant.deploy.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Action;
import io.sextant.common.model.ActionKind;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandsTest {

  @Test
  void aRollbackCommandKeepsTheActionIdAndGivesBackTheOriginal() {
    Action a = new Action(null, "central", Instant.parse("2026-01-05T00:10:00Z"), ActionKind.REROUTE, "link:a~b",
        Map.of("avoid", "a~b"), "rb", "dia-1", null);
    Action r = Commands.rollbackOf(a);
    assertThat(r.id()).isEqualTo(a.id());
    assertThat(Commands.isRollback(r)).isTrue();
    assertThat(Commands.isRollback(a)).isFalse();
    assertThat(Commands.original(r)).isEqualTo(a);
    assertThat(Commands.original(a)).isSameAs(a);
  }

  @Test
  void aHelloIsNeitherAnActionToApplyNorARollback() {
    Action hello = Commands.hello("edge-1", Instant.parse("2026-01-05T00:00:00Z"));
    assertThat(Commands.isHello(hello)).isTrue();
    assertThat(Commands.isRollback(hello)).isFalse();
    assertThat(hello.target()).isEqualTo("site:edge-1");
    assertThat(Commands.isHello(Commands.rollbackOf(hello))).isFalse();
  }
}
