package io.sextant.common.config;

import java.util.List;

/** Renders the keys of configuration files as the Markdown reference (docs/configuration.md). */
public final class ConfigReference {
  private ConfigReference() {}

  /** One file's reference: a heading, what it is, then a table per section. */
  public static String file(String title, String about, List<Keys> sections) {
    StringBuilder b = new StringBuilder("## ").append(title).append("\n\n").append(about).append("\n");
    for (Keys s : sections) {
      b.append("\n### ").append(s.section().isEmpty() ? "top level" : "`" + s.section() + "`").append("\n\n");
      if (!s.about().isEmpty()) {
        b.append(s.about()).append("\n\n");
      }
      b.append("| key | type | default | meaning |\n|---|---|---|---|\n");
      for (Keys.Key k : s.keys()) {
        b.append("| `").append(k.name()).append("` | ").append(cell(k.type())).append(" | ").append(cell(k.dflt()))
            .append(" | ").append(cell(k.meaning())).append(" |\n");
      }
    }
    return b.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
