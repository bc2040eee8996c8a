package io.sextant.alarm.silence;

import java.time.Instant;
import java.util.List;

/**
 * Where silences and maintenance windows outlive the engine, with the history of who did what.
 * {@link Suppressions} writes through it before changing its own state, so a failed write
 * (store down) changes nothing and the caller sees the error. Implementations:
 * {@link InMemorySilenceStore} (nothing survives a restart) and
 * {@code persist.JdbcSilenceStore} (PostgreSQL, table {@code alarm_suppressions}).
 */
public interface SilenceStore {
  /** What a history entry records. */
  enum Action { CREATED, EXPIRED, CHANGED, REMOVED }

  /** One thing someone did to a silence or window; {@code item} is its state after. */
  record Entry(String id, boolean silence, Action action, String by, Instant at, Object item) {}

  /** Everything stored now: silences (expired ones too) and windows, oldest first. */
  List<Silence> silences();

  List<MaintenanceWindow> windows();

  /** Stores the silence's new state and appends {@code action} to the history. */
  void save(Silence silence, Action action, String by, Instant at);

  /**
   * Stores the window unless an identical one is stored already (a window from a config file is
   * saved at every start); returns whether anything changed, and only then appends to the history.
   */
  boolean save(MaintenanceWindow window, String by, Instant at);

  /** Deletes the window (the history keeps it); false if there was none. */
  boolean remove(String windowId, String by, Instant at);

  /** The history, oldest first. */
  List<Entry> history();
}
