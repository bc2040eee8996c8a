-- Cheaper alarm writes (store AlarmTable.WRITE, one statement a batch).
-- alarms_open_key_idx served no query: the alarm engine keeps its open alarms in memory and reads
-- them back at start by state (RestartReads), and no dashboard filters on the key. Its predicate
-- (state) also made every state change a non-HOT update. Without it the indexed columns (id,
-- raised_time) never change, so an update can stay on its page (HOT) and touch no index, if the
-- page has room: fillfactor keeps room for about one new version of each row on its page.
DROP INDEX alarms_open_key_idx;
ALTER TABLE alarms SET (fillfactor = 60);
