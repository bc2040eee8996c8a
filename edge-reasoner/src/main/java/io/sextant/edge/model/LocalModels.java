package io.sextant.edge.model;

import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.ModelRelease;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The edge's last good models on local disk, so that a restart while cut off from the centre still
 * has them: per model id the running release ({@code <id>.json}) and the one before
 * ({@code <id>.previous.json}), exactly as received (signature included), written atomically. What
 * is read back is verified again before use: the disk is not trusted more than the network.
 */
final class LocalModels {
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]+");
  private final Path dir;
  private final JsonCodec codec = JsonCodec.get();

  LocalModels(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create model directory " + dir, e);
    }
  }

  /** Saves {@code release} as the running one; the running one so far becomes the previous. */
  void install(ModelRelease release) throws IOException {
    Path current = file(release.modelId(), false);
    if (Files.exists(current)) {
      move(current, file(release.modelId(), true));
    }
    write(current, codec.encode(release));
  }

  /** The previous release becomes the running one again. */
  void rollback(String modelId) throws IOException {
    Path previous = file(modelId, true);
    if (Files.exists(previous)) {
      move(previous, file(modelId, false));
    }
  }

  /** Every stored release, previous ones first so that re-offering them in order rebuilds each slot. */
  List<ModelRelease> load() throws IOException {
    List<Path> previous = new ArrayList<>();
    List<Path> current = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().forEach(p ->
          (p.getFileName().toString().endsWith(".previous.json") ? previous : current).add(p));
    }
    List<ModelRelease> out = new ArrayList<>();
    for (Path p : previous) {
      read(p).ifPresent(out::add);
    }
    for (Path p : current) {
      read(p).ifPresent(out::add);
    }
    return out;
  }

  private Optional<ModelRelease> read(Path p) throws IOException {
    try {
      return Optional.of(codec.decode(Files.readAllBytes(p), ModelRelease.class));
    } catch (RuntimeException e) {
      // An unreadable file is skipped here; the verification of the others decides what runs.
      org.slf4j.LoggerFactory.getLogger(LocalModels.class).warn("skipping unreadable model file {}: {}", p,
          e.getMessage());
      return Optional.empty();
    }
  }

  private Path file(String modelId, boolean previous) {
    if (!SAFE_ID.matcher(modelId).matches()) {
      throw new IllegalArgumentException("model id '" + modelId + "' is not a safe file name");
    }
    return dir.resolve(modelId + (previous ? ".previous.json" : ".json"));
  }

  private static void write(Path target, byte[] bytes) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    move(tmp, target);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
