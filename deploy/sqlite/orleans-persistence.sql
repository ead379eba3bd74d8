-- OrleansPaas: SQLite schema for Orleans grain state and reminders (one node).
--
-- Used by Microsoft.Orleans.Persistence.AdoNet 10.x with Invariant = "System.Data.SQLite"
-- (which Orleans maps to Microsoft.Data.Sqlite's SqliteFactory). Written for this project
-- from the provider's query contract; it is not derived from the Orleans scripts.
--
-- Idempotent: tables and indexes are created only if missing and the OrleansQuery rows are
-- replaced, so re-running the script (SqliteSchema.EnsureCreated does so on every silo start)
-- also upgrades the stored query text in place.
--
-- Needs SQLite 3.37+ (STRICT tables; upsert without a conflict target and RETURNING need
-- 3.35). The e_sqlite3 library bundled with Microsoft.Data.Sqlite is far newer.
--
-- Needs journal_mode=WAL, which SqliteSchema.EnsureCreated sets before running this script
-- (it cannot be set inside the transaction the script runs in). If applying this by hand with
-- the sqlite3 shell, run "PRAGMA journal_mode = WAL;" first: with the default rollback journal,
-- concurrent writes fail with "database is locked" (see SqliteSchema.cs for why).
--
-- The contract, as read from AdoNetGrainStorage:
--   * At start-up the provider reads QueryKey/QueryText from OrleansQuery for the keys
--     WriteToStorageKey, ReadFromStorageKey, ClearStorageKey (all required) and
--     DeleteStorageKey (only required when DeleteStateOnClear = true).
--   * Every query gets @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
--     @GrainIdExtensionString and @ServiceId; write/clear/delete also get @GrainStateVersion
--     (int, NULL when the grain has no ETag) and write gets @PayloadBinary (blob).
--   * Read returns zero or one row with columns PayloadBinary and Version.
--   * Write, clear and delete return exactly one row whose first column
--     (NewGrainStateVersion) is the new version on success and NULL on a version conflict.
--     Orleans turns NULL into InconsistentStateException. Returning no row at all is NOT a
--     safe failure signal: when the grain had no ETag, Orleans would take "no row" as success.
--   * Versions are read with Convert.ToInt32, so they must stay within a 32-bit int.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
) STRICT;

-- One row per (service, state name, grain key).
--
-- StateName holds what the provider passes as @GrainTypeString. Since Orleans 7 that is the
-- state name from [PersistentState("name", ...)] (or "state" for Grain<T>), NOT the grain
-- class, so two grain classes that share a state name and a key share a row. Give every
-- grain class its own state name.
--
-- A grain key arrives as (N0, N1, Extension): integer keys are (0, key, ext), Guid keys are
-- the Guid's two halves plus ext, and any other string key is (0, 0, key). Extension is NULL
-- when absent, and NULL must stay distinct from '' (integer key 0 with extension '' is a
-- different grain from integer key 0), so it is not coalesced on the way in.
--
-- The @GrainIdHash/@GrainTypeHash parameters are not stored: SQLite indexes the natural key
-- directly, and not depending on the hashes keeps rows reachable if the hasher setting
-- (e.g. UseOrleans3CompatibleHasher) ever changes.
CREATE TABLE IF NOT EXISTS GrainState
(
    ServiceId        TEXT    NOT NULL,
    StateName        TEXT    NOT NULL,
    GrainIdN0        INTEGER NOT NULL,
    GrainIdN1        INTEGER NOT NULL,
    GrainIdExtension TEXT    NULL,
    Version          INTEGER NOT NULL,
    -- NULL after ClearStateAsync: the row stays so the version keeps counting, which is what
    -- lets a stale activation's later write be detected as a conflict.
    Payload          BLOB    NULL,
    CreatedUtc       TEXT    NOT NULL,
    ModifiedUtc      TEXT    NOT NULL
) STRICT;

-- The identity of a row. A plain unique index would let duplicate rows in whenever
-- GrainIdExtension is NULL (SQLite treats NULLs as distinct in unique indexes), so the
-- extension is indexed as (value-or-empty, is-null) instead; that pair is never NULL and
-- still tells NULL from ''. The write upsert relies on this index to detect an existing row,
-- and the queries' WHERE clauses repeat these two expressions so lookups use it too.
CREATE UNIQUE INDEX IF NOT EXISTS UX_GrainState_Identity
    ON GrainState (ServiceId, StateName, GrainIdN0, GrainIdN1,
                   ifnull(GrainIdExtension, ''), GrainIdExtension IS NULL);

-- Query texts. Each write/clear/delete is a single data-changing statement (atomic under
-- autocommit, because the provider runs no explicit transaction) followed by a SELECT that
-- yields the NULL "conflict" row only when that statement changed nothing. changes() is
-- per connection and the provider sends one command per opened connection, so another
-- grain's write cannot interfere with it.
--
-- Versions count 1, 2, ... and wrap from 2147483647 back to 1 so they always fit in an int.

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'ReadFromStorageKey',
    'SELECT Payload AS PayloadBinary, Version
       FROM GrainState
      WHERE ServiceId = @ServiceId
        AND StateName = @GrainTypeString
        AND GrainIdN0 = @GrainIdN0
        AND GrainIdN1 = @GrainIdN1
        AND ifnull(GrainIdExtension, '''') = ifnull(@GrainIdExtensionString, '''')
        AND (GrainIdExtension IS NULL) = (@GrainIdExtensionString IS NULL);'
);

-- Write. The SELECT feeding the insert yields a row when the grain expects no stored row
-- (@GrainStateVersion IS NULL: first write, or first write after a delete) or when a row
-- exists. So:
--   no row,  no version      -> inserted with Version 1;
--   no row,  a version       -> nothing (the row was deleted behind this grain's back);
--   a row,   matching version -> the upsert updates it and bumps Version;
--   a row,   other/no version -> the upsert's WHERE refuses the update.
-- Each "nothing changed" case ends in the NULL row from the second statement.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'WriteToStorageKey',
    'INSERT INTO GrainState
            (ServiceId, StateName, GrainIdN0, GrainIdN1, GrainIdExtension,
             Version, Payload, CreatedUtc, ModifiedUtc)
     SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
            1, @PayloadBinary, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
      WHERE @GrainStateVersion IS NULL
         OR EXISTS (SELECT 1
                      FROM GrainState
                     WHERE ServiceId = @ServiceId
                       AND StateName = @GrainTypeString
                       AND GrainIdN0 = @GrainIdN0
                       AND GrainIdN1 = @GrainIdN1
                       AND ifnull(GrainIdExtension, '''') = ifnull(@GrainIdExtensionString, '''')
                       AND (GrainIdExtension IS NULL) = (@GrainIdExtensionString IS NULL))
     ON CONFLICT DO UPDATE
        SET Version     = CASE WHEN GrainState.Version >= 2147483647 THEN 1
                               ELSE GrainState.Version + 1 END,
            Payload     = excluded.Payload,
            ModifiedUtc = excluded.ModifiedUtc
      WHERE GrainState.Version = @GrainStateVersion
     RETURNING Version AS NewGrainStateVersion;
     SELECT NULL AS NewGrainStateVersion WHERE changes() = 0;'
);

-- Clear keeps the row (payload NULL, version bumped) so the grain's new ETag still guards
-- the next write. Orleans reads the first column of the returned row.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'ClearStorageKey',
    'UPDATE GrainState
        SET Payload     = NULL,
            Version     = CASE WHEN Version >= 2147483647 THEN 1 ELSE Version + 1 END,
            ModifiedUtc = CURRENT_TIMESTAMP
      WHERE ServiceId = @ServiceId
        AND StateName = @GrainTypeString
        AND GrainIdN0 = @GrainIdN0
        AND GrainIdN1 = @GrainIdN1
        AND ifnull(GrainIdExtension, '''') = ifnull(@GrainIdExtensionString, '''')
        AND (GrainIdExtension IS NULL) = (@GrainIdExtensionString IS NULL)
        AND Version = @GrainStateVersion
     RETURNING Version AS NewGrainStateVersion;
     SELECT NULL AS NewGrainStateVersion WHERE changes() = 0;'
);

-- Delete (used instead of clear when DeleteStateOnClear = true). Orleans drops the ETag
-- afterwards, so the value only has to be non-NULL and differ from @GrainStateVersion:
-- return the version the row would have had next.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'DeleteStorageKey',
    'DELETE FROM GrainState
      WHERE ServiceId = @ServiceId
        AND StateName = @GrainTypeString
        AND GrainIdN0 = @GrainIdN0
        AND GrainIdN1 = @GrainIdN1
        AND ifnull(GrainIdExtension, '''') = ifnull(@GrainIdExtensionString, '''')
        AND (GrainIdExtension IS NULL) = (@GrainIdExtensionString IS NULL)
        AND Version = @GrainStateVersion
     RETURNING CASE WHEN Version >= 2147483647 THEN 1 ELSE Version + 1 END AS NewGrainStateVersion;
     SELECT NULL AS NewGrainStateVersion WHERE changes() = 0;'
);

---------------------------------------------------------------------------------------------
-- Reminders (Microsoft.Orleans.Reminders.AdoNet), for one node: certificate renewal and other
-- timed work survive a restart. The contract, as read from AdoNetReminderTable:
--   * @ServiceId, @GrainId (the GrainId's string form), @ReminderName, @StartTime (UTC),
--     @Period (milliseconds), @GrainHash/@BeginHash/@EndHash (the uint hash as a signed int),
--     @Version (int).
--   * Reads return GrainId, ReminderName, StartTime, Period (read as Int64), Version.
--   * ReadRangeRows1Key serves BeginHash < EndHash (the range (Begin, End]);
--     ReadRangeRows2Key the range that wraps round.
--   * Upsert returns the new Version; delete returns one row, true only if the version matched.
---------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS Reminders
(
    ServiceId    TEXT    NOT NULL,
    GrainId      TEXT    NOT NULL,
    ReminderName TEXT    NOT NULL,
    StartTime    TEXT    NOT NULL,
    Period       INTEGER NOT NULL,
    GrainHash    INTEGER NOT NULL,
    Version      INTEGER NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, ReminderName)
) STRICT;

CREATE INDEX IF NOT EXISTS IX_Reminders_Hash ON Reminders (ServiceId, GrainHash);

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'ReadReminderRowsKey',
    'SELECT GrainId, ReminderName, StartTime, Period, Version
       FROM Reminders
      WHERE ServiceId = @ServiceId AND GrainId = @GrainId;'
),
(
    'ReadReminderRowKey',
    'SELECT GrainId, ReminderName, StartTime, Period, Version
       FROM Reminders
      WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;'
),
(
    'ReadRangeRows1Key',
    'SELECT GrainId, ReminderName, StartTime, Period, Version
       FROM Reminders
      WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash;'
),
(
    'ReadRangeRows2Key',
    'SELECT GrainId, ReminderName, StartTime, Period, Version
       FROM Reminders
      WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);'
),
(
    'UpsertReminderRowKey',
    'INSERT INTO Reminders (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
     VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
     ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
        SET StartTime = excluded.StartTime,
            Period    = excluded.Period,
            GrainHash = excluded.GrainHash,
            Version   = CASE WHEN Reminders.Version >= 2147483647 THEN 0 ELSE Reminders.Version + 1 END
     RETURNING Version;'
),
(
    'DeleteReminderRowKey',
    'DELETE FROM Reminders
      WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName AND Version = @Version;
     SELECT changes() > 0;'
),
(
    'DeleteReminderRowsKey',
    'DELETE FROM Reminders WHERE ServiceId = @ServiceId;'
);
