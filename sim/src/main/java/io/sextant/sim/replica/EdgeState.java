package io.sextant.sim.replica;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sextant.common.action.Actuator;
import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What an edge process must remember across a kill, besides its outbox: the last window it has
 * put in the outbox (so a restart resumes with the next one and no window is skipped or produced
 * twice with different content) and every change made to its copy of the cloud, commands from the
 * centre and its own local repairs, in order (so a restart rebuilds the same copy).
 *
 * <p>Written to a temporary file and renamed over the old one, so a kill leaves either the old
 * or the new state. The window is recorded after the outbox committed it: a kill in between makes
 * the restart produce that window again, with the same message ids, which the centre
 * deduplicates. Thread-safe: commands arrive on a consumer thread, windows on the main loop.
 */
public final class EdgeState {
  /** The file's content. */
  public record Snapshot(@JsonProperty("last_window") Instant lastWindow, List<Command> changes) {
    public Snapshot {
      changes = changes == null ? List.of() : List.copyOf(changes);
    }
  }

  private final Path file;
  private Instant lastWindow;
  private final List<Command> changes = new ArrayList<>();

  private EdgeState(Path file, Snapshot s) {
    this.file = file;
    this.lastWindow = s.lastWindow();
    this.changes.addAll(s.changes());
  }

  public static EdgeState load(Path file) {
    if (!Files.exists(file)) {
      return new EdgeState(file, new Snapshot(null, List.of()));
    }
    try {
      return new EdgeState(file, JsonCodec.get().mapper().readValue(Files.readAllBytes(file), Snapshot.class));
    } catch (IOException e) {
      throw new UncheckedIOException("edge state " + file + " is unreadable (delete it to start afresh): "
          + e.getMessage(), e);
    }
  }

  public synchronized Instant lastWindow() {
    return lastWindow;
  }

  /** Re-applies every recorded change, in order, to a fresh copy of the cloud. */
  public synchronized void replay(Actuator cloud) {
    for (Command c : changes) {
      if (c.kind() == Command.Kind.ROLLBACK) {
        cloud.rollback(c.action());
      } else {
        cloud.apply(c.action());
      }
    }
  }

  public synchronized int changeCount() {
    return changes.size();
  }

  public synchronized void windowDone(Instant t) {
    lastWindow = t;
    save();
  }

  /** Records an applied change: an action applied or rolled back. */
  public synchronized void changed(Command c) {
    changes.add(c);
    save();
  }

  private void save() {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.write(tmp, JsonCodec.get().mapper().writeValueAsBytes(new Snapshot(lastWindow, changes)));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write edge state " + file + ": " + e.getMessage(), e);
    }
  }
}
