package io.sextant.deploy.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The dashboards' JSON files shipped in this jar (copied at build time from
 * {@code dashboards/grafana/dashboards}), by file name. Read from the class path so the packaged
 * CLI needs no source checkout; works from a jar and from a classes directory.
 */
public final class DashboardFiles {
  /** The resource folder, relative to this class's package. */
  static final String FOLDER = "grafana";

  private DashboardFiles() {}

  /** File name to content, sorted by name; never empty in a correct build. */
  public static SortedMap<String, byte[]> load() {
    URL url = DashboardFiles.class.getResource(FOLDER);
    if (url == null) {
      throw new IllegalStateException("no dashboards on the class path under " + FOLDER
          + " (deploy's build copies them from dashboards/grafana/dashboards)");
    }
    try {
      URI uri = url.toURI();
      if (!"jar".equals(uri.getScheme())) {
        return read(Path.of(uri));
      }
      try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
        return read(jar.provider().getPath(uri));
      } catch (FileSystemAlreadyExistsException e) {
        return read(FileSystems.getFileSystem(uri).provider().getPath(uri));
      }
    } catch (URISyntaxException e) {
      throw new IllegalStateException("bad resource URL " + url, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dashboards from " + url, e);
    }
  }

  private static SortedMap<String, byte[]> read(Path dir) throws IOException {
    SortedMap<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : list.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
        files.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no dashboard JSON files in " + dir);
    }
    return files;
  }
}
