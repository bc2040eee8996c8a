-- The level a static threshold's detection reports (X.733 perceived severity); NULL for the
-- detectors that only say "anomalous", whose alarms take the catalog's severity.
ALTER TABLE detections ADD COLUMN severity text;
