-- report-rtt.sql: did round-trip times rise, and on which connections?
--
-- The median and 99th percentile of the RTT samples per time bucket (the kernel's smoothed
-- RTT: events.rtt_us of RTT records and TCP state changes, the samples behind connections'
-- rtt_* columns) for the `rtt_connections` TCP connections that moved the most bytes in the
-- report and have samples, ranked by those bytes (series_rank). A bucket without a row had no
-- sample for that connection. Two of them with the same process and endpoints (the same
-- loopback ports in two containers' namespaces) are told apart by their namespace, or else by
-- their connection number.
--
-- Used by:    tcptop analyze report ("Round-trip time")
-- Reads:      events, report_connections, report_connection_bytes (report-scope.sql: run it first)

WITH ranked AS (
  SELECT c.session, c.connection, c.flow, c.first_seen, c.last_seen, c.netns,
         report_connection(c.comm, c.local_addr, c.local_port, c.remote_addr, c.remote_port) AS named,
         row_number() OVER (ORDER BY b.bytes DESC, c.session, c.connection) AS series_rank
  FROM report_connections AS c
  JOIN (SELECT session, connection, bytes_in + bytes_out AS bytes FROM report_connection_bytes) AS b
    USING (session, connection)
  WHERE c.proto = 'tcp' AND c.rtt_avg_us IS NOT NULL
  QUALIFY series_rank <= getvariable('rtt_connections')
), busiest AS (
  SELECT session, flow, first_seen, last_seen, series_rank,
         CASE WHEN count(*) OVER (PARTITION BY named) = 1 THEN named
              WHEN netns IS NOT NULL AND count(*) OVER (PARTITION BY named, netns) = 1
                THEN named || ' (netns ' || netns || ')'
              ELSE named || ' (connection ' || connection || ')' END AS series
  FROM ranked
)
SELECT time_bucket(getvariable('bucket'), e.ts) AS bucket,
       b.series_rank,
       b.series,
       count(*) AS samples,
       round(quantile_cont(e.rtt_us, 0.5), 1) AS rtt_p50_us,
       round(quantile_cont(e.rtt_us, 0.99), 1) AS rtt_p99_us
FROM events AS e
JOIN busiest AS b ON e.session = b.session AND e.flow = b.flow AND e.ts BETWEEN b.first_seen AND b.last_seen
WHERE e.rtt_us IS NOT NULL AND report_in_window(e.ts)
GROUP BY ALL
ORDER BY bucket, b.series_rank;
