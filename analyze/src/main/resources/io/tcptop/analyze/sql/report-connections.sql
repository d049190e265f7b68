-- report-connections.sql: which connections opened and closed, and when?
--
-- Per time bucket: connections whose first event falls in it (opened; not those that existed
-- before recording began, [PARTIAL]) and TCP connections that closed in it ([CLOSED], at their
-- last event). UDP flows never close: they expire after 5 s without traffic. A bucket without
-- a row had neither.
--
-- Used by:    tcptop analyze report ("Connections opened and closed")
-- Reads:      report_connections (report-scope.sql: run it first)

WITH changes AS (
  SELECT first_seen AS ts, 1 AS opened, 0 AS closed
  FROM report_connections
  WHERE NOT partial
  UNION ALL
  SELECT last_seen, 0, 1
  FROM report_connections
  WHERE closed
)
SELECT time_bucket(getvariable('bucket'), ts) AS bucket,
       sum(opened) AS opened,
       sum(closed) AS closed
FROM changes
WHERE ts BETWEEN getvariable('span_start') AND getvariable('span_end')
GROUP BY bucket
ORDER BY bucket;
