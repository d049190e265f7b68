-- top-rate.sql: which connections were the fastest at their peak?
--
-- The connections with the highest rate (bytes received plus sent per second) in any one
-- tick, highest first, with their average rate over their lifetime for comparison. Rates are
-- those replay prints: a tick's bytes over the tick's length.
--
-- Used by:    tcptop analyze top SOURCE --by rate [-n N]
-- Reads:      bandwidth, connections (see views.sql)
-- Parameters: n  rows to show (default 10)

SET VARIABLE n = coalesce(getvariable('n'), 10);

WITH peak AS (
  SELECT session, connection,
         max(rate_in + rate_out) AS peak_rate,
         arg_max(ts, rate_in + rate_out) AS peak_at
  FROM bandwidth
  GROUP BY session, connection
)
SELECT c.host,
       c.proto,
       endpoint(c.local_addr, c.local_port) AS local,
       endpoint(c.remote_addr, c.remote_port) AS remote,
       c.pid,
       c.comm,
       round(p.peak_rate, 1) AS peak_rate,
       p.peak_at,
       round((c.bytes_in + c.bytes_out)
             / greatest(epoch_ns(c.last_seen) - epoch_ns(c.first_seen), 1) * 1e9, 1) AS avg_rate,
       c.bytes_in + c.bytes_out AS bytes
FROM connections AS c
JOIN peak AS p USING (session, connection)
ORDER BY p.peak_rate DESC, c.first_seen, c.session, c.connection
LIMIT getvariable('n');
