package io.sextant.common.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys one mapping of a configuration file accepts, each with its type, default and meaning:
 * written once, the parser refuses any other key ({@link YamlFields#known}) and the configuration
 * reference (docs/configuration.md) is rendered from it ({@link ConfigReference}), so the two
 * cannot drift apart.
 *
 * @param section the mapping's path in the file ({@code ""} for the top level, {@code sources.otlp})
 */
public record Keys(String section, String about, List<Key> keys) {
  /**
   * One key.
   *
   * @param type what the value is (e.g. {@code duration}, {@code host:port}, {@code list of paths})
   * @param dflt its default, or {@code required}, or {@code —} (absent: off)
   */
  public record Key(String name, String type, String dflt, String meaning) {
    public Key {
      if (name == null || name.isBlank() || meaning == null || meaning.isBlank()) {
        throw new IllegalArgumentException("a key needs a name and a meaning");
      }
    }
  }

  public Keys {
    keys = List.copyOf(keys);
    Set<String> names = new LinkedHashSet<>();
    for (Key k : keys) {
      if (!names.add(k.name())) {
        throw new IllegalArgumentException(section + ": key " + k.name() + " listed twice");
      }
    }
  }

  public static Keys of(String section, String about, Key... keys) {
    return new Keys(section, about, List.of(keys));
  }

  public static Key key(String name, String type, String dflt, String meaning) {
    return new Key(name, type, dflt, meaning);
  }

  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    keys.forEach(k -> names.add(k.name()));
    return names;
  }

  /** The prefix error messages name this section's fields with ({@code sources.otlp.}). */
  public String prefix() {
    return section.isEmpty() ? "" : section + ".";
  }
}
