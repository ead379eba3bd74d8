-- OrleansPaas: app git repositories, durable cluster-wide (multi-node mode only).
-- One row per app: the deploy ref, its commit, and a git pack holding every object reachable
-- from that commit. Any node imports the pack before it serves git for the app.
-- Idempotent: run on first use by every node.
CREATE TABLE IF NOT EXISTS paas_git_repositories
(
    app        text        NOT NULL PRIMARY KEY,
    ref        text        NOT NULL,
    commit     text        NOT NULL,
    pack       bytea       NOT NULL,
    pack_bytes bigint      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
