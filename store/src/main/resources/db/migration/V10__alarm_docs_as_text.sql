-- The alarm documents as text (store AlarmTable.WRITE). As jsonb, every change's document was
-- parsed on the way in (~20 µs of server CPU for an 800-byte alarm, a fifth of the write), and
-- written twice (alarms, alarm_history); only the engine reads them back, whole, through the
-- codec. The columns keep everything SQL filters on, labels included (still jsonb); ad-hoc SQL
-- reads a document with doc::jsonb. Text compares byte by byte where jsonb ignored key order and
-- white space: the codec writes one spelling for one alarm (record fields in declaration order,
-- map keys sorted), so a redelivered change still matches. Rows written before this version hold
-- jsonb's spelling; a redelivery of one of them, after the upgrade, adds one history row.
ALTER TABLE alarms ALTER COLUMN doc TYPE text USING doc::text;
ALTER TABLE alarm_history ALTER COLUMN doc TYPE text USING doc::text;
