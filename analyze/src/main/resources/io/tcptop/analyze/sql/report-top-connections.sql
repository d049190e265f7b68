-- report-top-connections.sql: which connections moved the most bytes in the report?
--
-- The `rows` connections with the most bytes inside the window, largest first (then in the
-- order they began): bytes received and sent in the window (the sum of their bandwidth lines'
-- tick_in/tick_out; the connections' totals when there is no window), first and last event
-- and the time between them, the highest rate of any one tick, RTT statistics over the whole
-- connection, and whether it closed ([CLOSED]) or existed before recording began ([PARTIAL]).
--
-- Used by:    tcptop analyze report ("Top connections")
-- Reads:      report_connection_bytes, report_connections, report_bandwidth (report-scope.sql: run it first)

WITH top AS (
  SELECT *, bytes_in + bytes_out AS bytes
  FROM report_connection_bytes
  ORDER BY bytes DESC, session, connection
  LIMIT getvariable('rows')
), peak AS (
  SELECT session, connection, max(rate_in + rate_out) AS peak_rate
  FROM report_bandwidth
  SEMI JOIN top USING (session, connection)
  GROUP BY session, connection
)
SELECT c.host,
       c.proto,
       endpoint(c.local_addr, c.local_port) AS local,
       endpoint(c.remote_addr, c.remote_port) AS remote,
       c.pid,
       c.comm,
       t.bytes_in,
       t.bytes_out,
       t.bytes,
       c.first_seen,
       c.last_seen,
       round((epoch_ns(c.last_seen) - epoch_ns(c.first_seen)) / 1e9, 3) AS duration_s,
       round(p.peak_rate, 1) AS peak_rate,
       c.rtt_min_us,
       round(c.rtt_avg_us, 1) AS rtt_avg_us,
       c.rtt_max_us,
       c.closed,
       c.partial
FROM top AS t
JOIN report_connections AS c USING (session, connection)
LEFT JOIN peak AS p USING (session, connection)
ORDER BY t.bytes DESC, t.session, t.connection;
