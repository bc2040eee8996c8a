package io.sextant.common.model;

/** ITU-T X.733 perceived severity, most severe first. */
public enum Severity {
  CRITICAL,
  MAJOR,
  MINOR,
  WARNING,
  INDETERMINATE,
  CLEARED
}
