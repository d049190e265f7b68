-- top-lifetime.sql: which connections lived longest?
--
-- Connections by the time between their first and last recorded event, longest first.
-- open = true when the recording ended before the connection closed; partial = true when it
-- was open before recording began, so both ends of the lifetime may lie outside the recording.
--
-- Used by:    tcptop analyze top SOURCE --by lifetime [-n N]
-- Reads:      connections (see views.sql)
-- Parameters: n  rows to show (default 10)

SET VARIABLE n = coalesce(getvariable('n'), 10);

SELECT host,
       proto,
       endpoint(local_addr, local_port) AS local,
       endpoint(remote_addr, remote_port) AS remote,
       pid,
       comm,
       round((epoch_ns(last_seen) - epoch_ns(first_seen)) / 1e9, 3) AS lifetime_s,
       first_seen,
       last_seen,
       NOT closed AS open,
       partial
FROM connections
ORDER BY epoch_ns(last_seen) - epoch_ns(first_seen) DESC, first_seen, session, connection
LIMIT getvariable('n');
