-- views.sql: the views every 'tcptop analyze' command creates over its SOURCE.
--
-- {sessions}, {flows}, {events}, {connections} and {bandwidth} stand for the files of one
-- dataset, for example
--   read_parquet(['EXPORT/events/**/*.parquet'], union_by_name = true,
--                hive_partitioning = true, hive_types = {'host': VARCHAR, 'date': DATE})
-- and several exports of different layouts are combined with UNION ALL BY NAME. To use an
-- export from DuckDB's own shell, substitute them the same way; docs/FLEET.md shows Spark and
-- Trino. Every timestamp is UTC wall-clock time with nanoseconds (TIMESTAMP_NS).
--
-- {flow_filter} and {event_filter} stand for `true`, unless the command was given --cgroup,
-- --container or --netns: then {flow_filter} is the condition on a row's owner columns
-- (e.g. `(cgroup = '/system.slice' OR starts_with(cgroup, '/system.slice/'))`), and
-- {event_filter} keeps the records without a flow and those of the flows that pass.
--
-- Exports written before the owner columns were added (cgroup_id, cgroup, runtime, container,
-- pod, netns) lack them: the empty SELECTs below supply them as NULL, as they are for journals
-- recorded before there were owners.

-- An endpoint as replay prints it: host:port, with brackets around an IPv6 host.
CREATE OR REPLACE MACRO endpoint(addr, port) AS
  CASE WHEN contains(addr, ':') THEN '[' || addr || ']' ELSE addr END || ':' || port;

-- One row per journal: its header, how it ended, totals, and what was lost to damage. Exports
-- written before the damage columns existed read them as NULL (the empty SELECT supplies them).
CREATE OR REPLACE VIEW sessions AS
SELECT session, host, start_ts, end_ts, last_ts, start_ns, wall_offset_ns, tick_interval_ns,
       kernel, tool_version, format_version, schema_version, filters, journal, records, traffic_events,
       connections, lost, ended_cleanly, damaged_batches, records_lost_to_damage
FROM (SELECT * FROM {sessions}
      UNION ALL BY NAME
      SELECT NULL::BIGINT AS damaged_batches, NULL::BIGINT AS records_lost_to_damage WHERE false);

-- One row per LOSS record: events the recorder could not keep (lost) and why (cause). They are
-- the events view's rows of kind 'loss' once more, kept apart so that finding them reads no
-- other record. Exports written before this dataset existed have none (their LOSS records are in
-- events only); like every view below, it shows a session only once its sessions row is there.
CREATE OR REPLACE VIEW losses AS
SELECT ts, lost, cause, host, session
FROM {losses}
WHERE session IN (SELECT session FROM sessions);

-- Every view shows a session's rows only once its sessions row is there: 'export --append'
-- renames a session's files into place with the sessions file last, so a query that runs
-- meanwhile sees the session whole or not at all.

-- One row per FLOW record: a socket's protocol, endpoints and owner (process, its cgroup, the
-- container and pod the cgroup's path names, the socket's network namespace). A flow is described
-- again (same flow, new flow_ref) when its owner changes.
CREATE OR REPLACE VIEW flows AS
SELECT ts, flow_ref, flow, cookie, proto, family, local_addr, local_port, remote_addr,
       remote_port, pid, comm, cgroup_id, cgroup, runtime, container, pod, netns, host, session
FROM (SELECT * FROM {flows}
      UNION ALL BY NAME
      SELECT NULL::BIGINT AS cgroup_id, NULL::VARCHAR AS cgroup, NULL::VARCHAR AS runtime,
             NULL::VARCHAR AS container, NULL::VARCHAR AS pod, NULL::BIGINT AS netns WHERE false)
WHERE session IN (SELECT session FROM sessions) AND {flow_filter};

-- One row per connection as the aggregator saw it: bytes_in/bytes_out equal the cumulative
-- totals of the connection's last replay line.
CREATE OR REPLACE VIEW connections AS
SELECT proto, local_addr, local_port, remote_addr, remote_port, pid, comm, cgroup_id, cgroup,
       runtime, container, pod, netns, first_seen, last_seen, bytes_in, bytes_out, closed, partial,
       rtt_min_us, rtt_avg_us, rtt_max_us, host, session, state, flow, connection
FROM (SELECT * FROM {connections}
      UNION ALL BY NAME
      SELECT NULL::BIGINT AS cgroup_id, NULL::VARCHAR AS cgroup, NULL::VARCHAR AS runtime,
             NULL::VARCHAR AS container, NULL::VARCHAR AS pod, NULL::BIGINT AS netns WHERE false)
WHERE session IN (SELECT session FROM sessions) AND {flow_filter};

-- One row per connection per tick: exactly the lines of 'tcptop replay --format jsonl', in the
-- same order within a session, with the same columns: bytes_in/bytes_out are cumulative, as
-- replay prints them. tick_in/tick_out are the bytes of this tick alone.
CREATE OR REPLACE VIEW bandwidth AS
SELECT ts, proto, local_addr, local_port, remote_addr, remote_port, pid, comm, state, bytes_in,
       bytes_out, rate_in, rate_out, rtt_us, partial, closed, cgroup, container, netns, tick_in,
       tick_out, host, session, flow, connection
FROM (SELECT * FROM {bandwidth}
      UNION ALL BY NAME
      SELECT NULL::VARCHAR AS cgroup, NULL::VARCHAR AS container, NULL::BIGINT AS netns WHERE false)
WHERE session IN (SELECT session FROM sessions) AND {flow_filter};

-- One row per journal record. The files store only what changes per record; the flow's
-- columns come from the flow description in force when the record was written.
CREATE OR REPLACE VIEW events AS
SELECT e.ts, epoch_ns(e.ts) - s.wall_offset_ns AS ts_ns, e.kind, f.proto, f.family, f.pid,
       f.comm, f.local_addr, f.local_port, f.remote_addr, f.remote_port, e.bytes, e.old_state,
       e.new_state, e.rtt_us, e.lost, s.host, e.session, f.flow, e.cause, f.cgroup, f.container,
       f.netns
FROM {events} AS e
JOIN sessions AS s ON s.session = e.session
LEFT JOIN flows AS f ON f.session = e.session AND f.flow_ref = e.flow_ref
WHERE {event_filter};
