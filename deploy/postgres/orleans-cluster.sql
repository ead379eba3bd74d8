-- OrleansPaas: PostgreSQL schema for a multi-node cluster — Orleans membership (clustering),
-- grain state and reminders through the ADO.NET providers (Invariant = "Npgsql").
--
-- Written for this project from the providers' query contract (the named queries they read
-- from OrleansQuery, their parameters and the columns they read back); it is not derived
-- from the Orleans scripts. Tables are the project's own (paas_*); only OrleansQuery has the
-- name the providers look for.
--
-- Idempotent: run on every node start by PostgresSchema.EnsureCreated, inside one
-- transaction holding a pg_advisory_xact_lock so several nodes starting together queue up
-- (CREATE ... IF NOT EXISTS alone is not safe against a concurrent CREATE). Tables and
-- indexes are created only if missing; the OrleansQuery rows are upserted, so re-running it
-- also upgrades the query texts. Needs PostgreSQL 11 or newer.
--
-- Unquoted identifiers fold to lower case; the providers look columns up by name and Npgsql
-- falls back to a case-insensitive match, so "Version" finds "version".
--
-- Times are timestamptz: Orleans passes UTC DateTimes with DbType.DateTime, which Npgsql sends
-- as timestamptz (and refuses to write into a timestamp-without-time-zone parameter).

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  text NOT NULL PRIMARY KEY,
    QueryText text NOT NULL
);

---------------------------------------------------------------------------------------------
-- Membership (Microsoft.Orleans.Clustering.AdoNet)
--
-- The contract, as read from AdoNetClusteringTable:
--   * @DeploymentId is the ClusterId. A silo is keyed by (@Address text, @Port int,
--     @Generation int). @Status is the SiloStatus number (3 = Active).
--   * The table has one version per cluster. Every change to a member row (insert/update)
--     must succeed only if the stored version still equals @Version (what the silo read),
--     and bumps it by one, atomically with the row change. Both return ONE row with ONE
--     column: true on success, false on a version conflict or a duplicate.
--   * Reads return the version row joined to the members (Version, Address, Port,
--     Generation, SiloName, HostName, Status, ProxyPort, SuspectTimes, StartTime,
--     IAmAliveTime); with no member the single row has NULL StartTime, which Orleans reads
--     as "version only". No version row at all means the table was never initialised.
--   * @SuspectTimes is Orleans' own "address,date|address,date" text; stored as given.
---------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS paas_membership_version
(
    DeploymentId text        NOT NULL PRIMARY KEY,
    Version      integer     NOT NULL DEFAULT 0,
    ModifiedUtc  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS paas_membership
(
    DeploymentId text        NOT NULL REFERENCES paas_membership_version (DeploymentId) ON DELETE CASCADE,
    Address      text        NOT NULL,
    Port         integer     NOT NULL,
    Generation   integer     NOT NULL,
    SiloName     text        NOT NULL,
    HostName     text        NOT NULL,
    Status       integer     NOT NULL,
    ProxyPort    integer     NOT NULL DEFAULT 0,
    SuspectTimes text        NULL,
    StartTime    timestamptz NOT NULL,
    IAmAliveTime timestamptz NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
    WITH inserted AS (
        INSERT INTO paas_membership_version (DeploymentId) VALUES (@DeploymentId)
        ON CONFLICT DO NOTHING
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM inserted);
$q$),

-- The version UPDATE takes the row lock that serialises concurrent writers: a second writer
-- with the same @Version waits, re-checks "Version = @Version" after the first commits, and
-- matches nothing. The member INSERT feeds off its result, so no version match, no insert.
('InsertMembershipKey', $q$
    WITH version AS (
        UPDATE paas_membership_version
           SET Version = Version + 1, ModifiedUtc = now()
         WHERE DeploymentId = @DeploymentId
           AND Version = @Version
           AND NOT EXISTS (SELECT 1 FROM paas_membership
                            WHERE DeploymentId = @DeploymentId
                              AND Address = @Address AND Port = @Port AND Generation = @Generation)
        RETURNING DeploymentId),
    inserted AS (
        INSERT INTO paas_membership
               (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
                StartTime, IAmAliveTime)
        SELECT DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
               @StartTime, @IAmAliveTime
          FROM version
        ON CONFLICT DO NOTHING
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM inserted);
$q$),

('UpdateMembershipKey', $q$
    WITH version AS (
        UPDATE paas_membership_version
           SET Version = Version + 1, ModifiedUtc = now()
         WHERE DeploymentId = @DeploymentId
           AND Version = @Version
           AND EXISTS (SELECT 1 FROM paas_membership
                        WHERE DeploymentId = @DeploymentId
                          AND Address = @Address AND Port = @Port AND Generation = @Generation)
        RETURNING DeploymentId),
    updated AS (
        UPDATE paas_membership AS m
           SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
          FROM version
         WHERE m.DeploymentId = version.DeploymentId
           AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM updated);
$q$),

-- Heartbeats do not change the table version (Orleans' contract: IAmAlive is not a membership change).
('UpdateIAmAlivetimeKey', $q$
    UPDATE paas_membership
       SET IAmAliveTime = @IAmAliveTime
     WHERE DeploymentId = @DeploymentId
       AND Address = @Address AND Port = @Port AND Generation = @Generation;
$q$),

('MembershipReadAllKey', $q$
    SELECT v.Version, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
           m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime
      FROM paas_membership_version AS v
      LEFT JOIN paas_membership AS m ON m.DeploymentId = v.DeploymentId
     WHERE v.DeploymentId = @DeploymentId;
$q$),

('MembershipReadRowKey', $q$
    SELECT v.Version, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
           m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime
      FROM paas_membership_version AS v
      LEFT JOIN paas_membership AS m
             ON m.DeploymentId = v.DeploymentId
            AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
     WHERE v.DeploymentId = @DeploymentId;
$q$),

-- Members cascade with their version row.
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM paas_membership_version WHERE DeploymentId = @DeploymentId;
$q$),

-- Removes silos that stopped heart-beating before @IAmAliveTime, never an Active one.
-- (The optional per-row CleanupDefunctSiloEntryKey is not provided: Orleans binds its times
-- with DbType.DateTime from rows read back, and this bulk form is all the contract needs.)
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM paas_membership
     WHERE DeploymentId = @DeploymentId
       AND IAmAliveTime < @IAmAliveTime
       AND Status <> 3;
$q$),

-- Client gateways: Active silos with an open gateway port. This platform opens none, so
-- the list is empty; the query exists because the provider requires every key.
('GatewaysQueryKey', $q$
    SELECT Address, ProxyPort, Generation
      FROM paas_membership
     WHERE DeploymentId = @DeploymentId
       AND Status = @Status
       AND ProxyPort > 0;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

---------------------------------------------------------------------------------------------
-- Grain state (Microsoft.Orleans.Persistence.AdoNet) — the same contract as
-- deploy/sqlite/orleans-persistence.sql describes (read there for the details):
--   * keys ReadFromStorageKey, WriteToStorageKey, ClearStorageKey (required), DeleteStorageKey;
--   * parameters @ServiceId, @GrainTypeString (the state name), @GrainIdN0/@GrainIdN1 (bigint),
--     @GrainIdExtensionString (NULL distinct from ''), @GrainIdHash/@GrainTypeHash (unused),
--     @GrainStateVersion (int or NULL), @PayloadBinary (bytea);
--   * read returns PayloadBinary, Version; write/clear/delete return exactly one row whose
--     first column is the new version, NULL on a version conflict.
---------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS paas_grain_state
(
    ServiceId        text        NOT NULL,
    StateName        text        NOT NULL,
    GrainIdN0        bigint      NOT NULL,
    GrainIdN1        bigint      NOT NULL,
    GrainIdExtension text        NULL,
    Version          integer     NOT NULL,
    -- NULL after ClearStateAsync: the row stays so the version keeps counting.
    Payload          bytea       NULL,
    CreatedUtc       timestamptz NOT NULL,
    ModifiedUtc      timestamptz NOT NULL
);

-- Unique identity that tells a NULL extension from '' on any PostgreSQL version
-- (NULLS NOT DISTINCT needs 15). The write's ON CONFLICT relies on it.
CREATE UNIQUE INDEX IF NOT EXISTS ux_paas_grain_state_identity
    ON paas_grain_state (ServiceId, StateName, GrainIdN0, GrainIdN1,
                         coalesce(GrainIdExtension, ''), (GrainIdExtension IS NULL));

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
    SELECT Payload AS PayloadBinary, Version
      FROM paas_grain_state
     WHERE ServiceId = @ServiceId
       AND StateName = @GrainTypeString
       AND GrainIdN0 = @GrainIdN0
       AND GrainIdN1 = @GrainIdN1
       AND coalesce(GrainIdExtension, '') = coalesce(@GrainIdExtensionString, '')
       AND (GrainIdExtension IS NULL) = (@GrainIdExtensionString IS NULL);
$q$),

-- Exactly one of the two branches can act: with a version, update the row only if it still
-- has that version; without one, insert a first row unless one exists. A concurrent writer
-- either waits on the row lock and then finds the version moved, or loses the insert race to
-- the unique index; both end in the NULL conflict row. Versions wrap from 2147483647 to 1.
('WriteToStorageKey', $q$
    WITH updated AS (
        UPDATE paas_grain_state
           SET Version = CASE WHEN Version >= 2147483647 THEN 1 ELSE Version + 1 END,
               Payload = @PayloadBinary,
               ModifiedUtc = now()
         WHERE ServiceId = @ServiceId
           AND StateName = @GrainTypeString
           AND GrainIdN0 = @GrainIdN0
           AND GrainIdN1 = @GrainIdN1
           AND coalesce(GrainIdExtension, '') = coalesce(@GrainIdExtensionString, '')
           AND (GrainIdExtension IS NULL) = (@GrainIdExtensionString IS NULL)
           AND Version = @GrainStateVersion
        RETURNING Version),
    inserted AS (
        INSERT INTO paas_grain_state
               (ServiceId, StateName, GrainIdN0, GrainIdN1, GrainIdExtension,
                Version, Payload, CreatedUtc, ModifiedUtc)
        SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
               1, @PayloadBinary, now(), now()
         WHERE @GrainStateVersion IS NULL
        ON CONFLICT DO NOTHING
        RETURNING Version)
    SELECT (SELECT Version FROM updated UNION ALL SELECT Version FROM inserted LIMIT 1) AS NewGrainStateVersion;
$q$),

-- Clear keeps the row (payload NULL, version bumped) so the new ETag still guards the next write.
('ClearStorageKey', $q$
    WITH cleared AS (
        UPDATE paas_grain_state
           SET Payload = NULL,
               Version = CASE WHEN Version >= 2147483647 THEN 1 ELSE Version + 1 END,
               ModifiedUtc = now()
         WHERE ServiceId = @ServiceId
           AND StateName = @GrainTypeString
           AND GrainIdN0 = @GrainIdN0
           AND GrainIdN1 = @GrainIdN1
           AND coalesce(GrainIdExtension, '') = coalesce(@GrainIdExtensionString, '')
           AND (GrainIdExtension IS NULL) = (@GrainIdExtensionString IS NULL)
           AND Version = @GrainStateVersion
        RETURNING Version)
    SELECT (SELECT Version FROM cleared) AS NewGrainStateVersion;
$q$),

-- Delete (DeleteStateOnClear = true): Orleans drops the ETag afterwards, so any non-NULL value
-- other than @GrainStateVersion means success.
('DeleteStorageKey', $q$
    WITH deleted AS (
        DELETE FROM paas_grain_state
         WHERE ServiceId = @ServiceId
           AND StateName = @GrainTypeString
           AND GrainIdN0 = @GrainIdN0
           AND GrainIdN1 = @GrainIdN1
           AND coalesce(GrainIdExtension, '') = coalesce(@GrainIdExtensionString, '')
           AND (GrainIdExtension IS NULL) = (@GrainIdExtensionString IS NULL)
           AND Version = @GrainStateVersion
        RETURNING CASE WHEN Version >= 2147483647 THEN 1 ELSE Version + 1 END AS NextVersion)
    SELECT (SELECT NextVersion FROM deleted) AS NewGrainStateVersion;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

---------------------------------------------------------------------------------------------
-- Reminders (Microsoft.Orleans.Reminders.AdoNet)
--
-- The contract, as read from AdoNetReminderTable:
--   * @ServiceId, @GrainId (the GrainId's string form), @ReminderName, @StartTime (UTC),
--     @Period (milliseconds, int or bigint), @GrainHash/@BeginHash/@EndHash (the uint hash
--     reinterpreted as a signed int), @Version (int).
--   * Reads return GrainId, ReminderName, StartTime, Period (read as Int64), Version.
--   * Ranges: Orleans picks ReadRangeRows1Key when BeginHash < EndHash in signed order
--     (the range (Begin, End]) and ReadRangeRows2Key otherwise (the range wraps round).
--   * Upsert returns the new Version; delete returns one boolean (false on a version mismatch).
---------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS paas_reminder
(
    ServiceId    text        NOT NULL,
    GrainId      text        NOT NULL,
    ReminderName text        NOT NULL,
    StartTime    timestamptz NOT NULL,
    Period       bigint      NOT NULL,
    GrainHash    integer     NOT NULL,
    Version      integer     NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Each silo reads the reminders of its own hash range.
CREATE INDEX IF NOT EXISTS ix_paas_reminder_hash ON paas_reminder (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadReminderRowsKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM paas_reminder
     WHERE ServiceId = @ServiceId AND GrainId = @GrainId;
$q$),

('ReadReminderRowKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM paas_reminder
     WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;
$q$),

('ReadRangeRows1Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM paas_reminder
     WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash;
$q$),

('ReadRangeRows2Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM paas_reminder
     WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
$q$),

('UpsertReminderRowKey', $q$
    INSERT INTO paas_reminder (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
       SET StartTime = excluded.StartTime,
           Period    = excluded.Period,
           GrainHash = excluded.GrainHash,
           Version   = CASE WHEN paas_reminder.Version >= 2147483647 THEN 0 ELSE paas_reminder.Version + 1 END
    RETURNING Version;
$q$),

('DeleteReminderRowKey', $q$
    WITH deleted AS (
        DELETE FROM paas_reminder
         WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
           AND Version = @Version
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM deleted);
$q$),

('DeleteReminderRowsKey', $q$
    DELETE FROM paas_reminder WHERE ServiceId = @ServiceId;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
