-- top-rate.sql: which connections were the fastest at their peak?
--
-- The connections with the highest rate (bytes received plus sent per second) in any one
-- tick, highest first, with their average rate for comparison. Rates are those replay prints:
-- a tick's bytes over the tick's length.
--
--   peak_rate  the highest rate_in + rate_out of any one tick of the connection
--   avg_rate   the connection's bytes over the time of the ticks in which it moved bytes
--              (the sum of those ticks' lengths), so never above peak_rate
--
-- Both are in bytes per second, rounded down to 0.1 B/s; a connection that moved no bytes has 0.
-- A tick's length is not stored: it is recovered from its bytes and rate (length = bytes / rate,
-- exact to the nanosecond), and both rates are computed from the same lengths in integers, so
-- avg_rate <= peak_rate holds exactly, not just up to floating-point rounding.
--
-- Used by:    tcptop analyze top SOURCE --by rate [-n N]
-- Reads:      bandwidth, connections (see views.sql)
-- Parameters: n  rows to show (default 10)

SET VARIABLE n = coalesce(getvariable('n'), 10);

WITH ticks AS (
  SELECT session, connection, ts,
         (tick_in + tick_out)::HUGEINT AS bytes,
         round((tick_in + tick_out) * 1e9 / (rate_in + rate_out))::HUGEINT AS length_ns
  FROM bandwidth
  WHERE rate_in + rate_out > 0
),
rates AS (
  -- Tenths of a byte per second, rounded down: integer arithmetic keeps avg <= peak exact.
  SELECT session, connection,
         max(bytes * 10_000_000_000 // length_ns) AS peak_tenths,
         arg_max(ts, bytes * 10_000_000_000 // length_ns) AS peak_at,
         sum(bytes) * 10_000_000_000 // sum(length_ns) AS avg_tenths
  FROM ticks
  GROUP BY session, connection
)
SELECT c.host,
       c.proto,
       endpoint(c.local_addr, c.local_port) AS local,
       endpoint(c.remote_addr, c.remote_port) AS remote,
       c.pid,
       c.comm,
       coalesce(r.peak_tenths, 0) / 10 AS peak_rate,
       r.peak_at,
       coalesce(r.avg_tenths, 0) / 10 AS avg_rate,
       c.bytes_in + c.bytes_out AS bytes
FROM connections AS c
LEFT JOIN rates AS r USING (session, connection)
ORDER BY peak_rate DESC, c.first_seen, c.session, c.connection
LIMIT getvariable('n');
