package io.sextant.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.alarm.raise.AlarmCatalogFile;
import io.sextant.common.config.ConfigReference;
import io.sextant.node.central.config.CentralConfigFile;
import io.sextant.node.edge.config.EdgeConfigFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is rendered from the key sets the parsers accept (nothing else can be
 * written in a file, and nothing the parsers accept is undocumented). Regenerate with
 * {@code -Dgolden.update=true} after changing a key.
 */
class ConfigReferenceTest {
  static final Path DOC = Path.of("../docs/configuration.md");

  static String rendered() {
    return """
        # Configuration reference

        Generated from the key sets the parsers accept (`EdgeConfigFile`, `CentralConfigFile` and the sections
        they share); `ConfigReferenceTest` fails when this file and the code disagree (regenerate with
        `./mvnw -pl deploy -am verify -Dtest=ConfigReferenceTest -Dgolden.update=true
        -Dsurefire.failIfNoSpecifiedTests=false`). Any other key is refused when the node starts, with the file and
        the field named. Durations are `90s`, `30m`, `2h`, `500ms`, `1d` or ISO-8601 (`PT30M`); instants ISO-8601
        UTC; relative paths resolve against the configuration file's directory. Examples: `deploy/config/`
        (`config/` of the distribution); how to run them: [operations.md](operations.md).

        """
        + ConfigReference.file("`sextant edge --config FILE`", "One edge site (edge-node's `EdgeConfig`).",
            EdgeConfigFile.REFERENCE)
        + "\n"
        + ConfigReference.file("`sextant central --config FILE`", "The centre (central-node's `CentralConfig`). Its "
            + "`bus:` section has the keys of an edge's, and one more.", CentralConfigFile.REFERENCE)
        + "\n"
        + ConfigReference.file("The alarm catalog (`alarm-catalog: FILE` of the centre)", "Every key of an entry "
            + "is required. Example: `deploy/config/alarm-catalog.yaml`; the built-in entries and what each alarm "
            + "means: [alarm-engine.md](alarm-engine.md).", AlarmCatalogFile.REFERENCE);
  }

  @Test
  void theReferenceIsTheOneTheParsersDefine() throws IOException {
    String text = rendered();
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(DOC, text, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as("docs/configuration.md is stale: regenerate it with -Dgolden.update=true (see its first lines)")
        .isEqualTo(text);
  }
}
