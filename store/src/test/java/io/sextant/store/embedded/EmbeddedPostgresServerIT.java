package io.sextant.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerIT {

  @Test
  void startsALoopbackServerWithDurableSettingsAndDeletesItsTemporaryDirectory() throws SQLException {
    Path dir;
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start()) {
      dir = server.dataDir();
      System.out.printf("embedded PostgreSQL start-up: %d ms%n", server.startupTime().toMillis());

      assertThat(server.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:" + server.port() + "/sextant");
      assertThat(setting(server, "fsync")).isEqualTo("on");
      assertThat(setting(server, "synchronous_commit")).isEqualTo("on");
      assertThat(setting(server, "listen_addresses")).isEqualTo("localhost");
      assertThat(setting(server, "server_version")).startsWith("15.");
      assertThat(Files.isDirectory(dir)).isTrue();
    }
    assertThat(dir).doesNotExist();
  }

  @Test
  void refusesADirectoryThatIsNeitherEmptyNorACluster(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("notes.txt"), "not a database");

    assertThatThrownBy(() -> EmbeddedPostgresServer.start(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("neither empty nor a PostgreSQL cluster");
  }

  @Test
  void closingTwiceIsHarmless() {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
    server.close();
    server.close();
    assertThat(server.dataDir()).doesNotExist();
  }

  private static String setting(EmbeddedPostgresServer server, String name) throws SQLException {
    try (Connection c = server.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
