package io.sextant.alarm;

/**
 * No alarm has this id (never raised, or cleared long enough ago to have left memory; the store
 * keeps the full history). A subclass of {@link IllegalArgumentException} so the API can answer
 * 404 for it and 400 for other bad arguments.
 */
public final class UnknownAlarmException extends IllegalArgumentException {
  private final String alarmId;

  public UnknownAlarmException(String alarmId) {
    super("no alarm with id '" + alarmId + "'");
    this.alarmId = alarmId;
  }

  public String alarmId() {
    return alarmId;
  }
}
