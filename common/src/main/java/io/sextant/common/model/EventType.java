package io.sextant.common.model;

/** ITU-T X.733 event type: the class of a fault. */
public enum EventType {
  COMMUNICATIONS_ALARM,
  QUALITY_OF_SERVICE_ALARM,
  PROCESSING_ERROR_ALARM,
  EQUIPMENT_ALARM,
  ENVIRONMENTAL_ALARM
}
