package io.sextant.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.store.StoreConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** demo, lab and train take the same store options, parsed the same way. */
class StoreOptionsTest {
  @Test
  void anExternalStoreIsTakenFromTheOptionsOfEveryCommandThatHasThem() {
    for (Object command : new Object[] {new DemoCommand(), new LabCommand(), new TrainCommand()}) {
      new CommandLine(command).parseArgs("--jdbc-url", "jdbc:postgresql://db:5432/sextant", "--jdbc-user", "sx",
          "--jdbc-password", "pw");
      StoreOptions o = store(command);
      StoreConfig c = o.config();
      assertThat(c.embedded()).as(command.getClass().getSimpleName()).isFalse();
      assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/sextant");
      assertThat(c.user()).isEqualTo("sx");
      assertThat(c.password()).isEqualTo("pw");
      assertThat(o.describe()).isEqualTo("jdbc:postgresql://db:5432/sextant").doesNotContain("pw");
    }
  }

  @Test
  void withoutAUrlTheStoreIsEmbedded() {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs();
    assertThat(demo.store.config().embedded()).isTrue();
    assertThat(demo.store.jdbcUser).isEqualTo("postgres");
    assertThat(demo.store.describe()).isEqualTo("embedded PostgreSQL");
  }

  private static StoreOptions store(Object command) {
    if (command instanceof DemoCommand d) {
      return d.store;
    }
    if (command instanceof LabCommand l) {
      return l.store;
    }
    return ((TrainCommand) command).store;
  }
}
