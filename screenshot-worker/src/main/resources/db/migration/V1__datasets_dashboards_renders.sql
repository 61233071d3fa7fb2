-- A dataset: named time series (metric per region per day) and their headline figures.
-- revision goes up by one with every ingest that changed a value: it is the dataset's data version.
CREATE TABLE datasets (
    name        TEXT PRIMARY KEY,
    revision    BIGINT      NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE points (
    dataset  TEXT    NOT NULL REFERENCES datasets (name) ON DELETE CASCADE,
    metric   TEXT    NOT NULL,
    region   TEXT    NOT NULL,
    day      DATE    NOT NULL,
    value    NUMERIC NOT NULL,
    PRIMARY KEY (dataset, metric, region, day)
);

-- A dashboard: a page of charts over one dataset, or an external URL (e.g. a Grafana panel).
-- version goes up by one with every change of the definition.
CREATE TABLE dashboards (
    id              TEXT PRIMARY KEY,
    title           TEXT        NOT NULL,
    dataset         TEXT,
    charts          TEXT        NOT NULL DEFAULT '[]',
    external_url    TEXT,
    ready_selector  TEXT,
    width           INT         NOT NULL,
    height          INT         NOT NULL,
    version         INT         NOT NULL DEFAULT 1,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((dataset IS NULL) <> (external_url IS NULL))
);

-- One row per picture ever rendered: a dashboard at one version of its data, at one size. The same key is
-- rendered once; every later request gets this row's image.
CREATE TABLE renders (
    dashboard_id  TEXT        NOT NULL REFERENCES dashboards (id) ON DELETE CASCADE,
    data_version  TEXT        NOT NULL,
    width         INT         NOT NULL,
    height        INT         NOT NULL,
    sha256        CHAR(64)    NOT NULL,
    bytes         BIGINT      NOT NULL,
    render_millis BIGINT      NOT NULL,
    rendered_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (dashboard_id, data_version, width, height)
);
CREATE INDEX renders_sha256 ON renders (sha256);
CREATE INDEX renders_last_used ON renders (last_used_at);
