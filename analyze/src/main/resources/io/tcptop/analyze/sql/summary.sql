-- summary.sql: what does a recording hold? (like 'jfr summary')
--
-- Used by: tcptop analyze summary SOURCE
-- Reads:   sessions, events, connections (see views.sql)
-- Each "-- section: TITLE" starts one query, printed under its title; a title ending in
-- "(vertical)" prints its one row as "column: value" lines.

-- section: Overview (vertical)
SELECT count(*) AS sessions,
       string_agg(DISTINCT host, ', ' ORDER BY host) AS hosts,
       min(start_ts) AS start,
       max(coalesce(end_ts, last_ts)) AS "end",
       to_seconds(round((epoch_ns(max(coalesce(end_ts, last_ts))) - epoch_ns(min(start_ts))) / 1e9, 3))
         AS duration,
       sum(records) AS records,
       sum(traffic_events) AS traffic_events,
       sum(connections) AS connections,
       sum(lost) AS lost_events,
       count(*) FILTER (WHERE NOT ended_cleanly) AS sessions_without_end
FROM sessions;

-- section: Sessions
SELECT session, host, start_ts, coalesce(end_ts, last_ts) AS end_ts, ended_cleanly, records, lost
FROM sessions
ORDER BY start_ts, host;

-- section: Records by kind
SELECT kind, count(*) AS records, sum(bytes) AS bytes
FROM events
GROUP BY kind
ORDER BY records DESC, kind;

-- section: Losses
SELECT host, cause, count(*) AS loss_records, sum(lost) AS lost_events
FROM events
WHERE kind = 'loss'
GROUP BY host, cause
ORDER BY lost_events DESC, host, cause;

-- section: Connections
SELECT proto,
       count(*) AS connections,
       count(*) FILTER (WHERE closed) AS closed,
       count(*) FILTER (WHERE partial) AS partial,
       sum(bytes_in) AS bytes_in,
       sum(bytes_out) AS bytes_out
FROM connections
GROUP BY proto
ORDER BY proto;

-- section: Top processes by bytes
SELECT host, pid, comm,
       count(*) AS connections,
       sum(bytes_in) AS bytes_in,
       sum(bytes_out) AS bytes_out,
       sum(bytes_in + bytes_out) AS bytes
FROM connections
GROUP BY host, pid, comm
ORDER BY bytes DESC, host, pid, comm
LIMIT 10;
