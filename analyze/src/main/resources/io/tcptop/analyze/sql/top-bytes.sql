-- top-bytes.sql: which connections moved the most data?
--
-- The connections with the most bytes received plus sent, largest first. Totals are those of
-- each connection's last replay line (the aggregator's), so a connection that existed before
-- recording began (partial = true) counts only what was recorded.
--
-- Used by:    tcptop analyze top SOURCE --by bytes [-n N]
-- Reads:      connections (see views.sql)
-- Parameters: n  rows to show (default 10)
-- Adapt:      tcptop analyze sql SOURCE "$(cat top-bytes.sql)", or any DuckDB session with
--             the views; e.g. add WHERE comm = 'nginx', or GROUP BY remote_addr.

SET VARIABLE n = coalesce(getvariable('n'), 10);

SELECT host,
       proto,
       endpoint(local_addr, local_port) AS local,
       endpoint(remote_addr, remote_port) AS remote,
       pid,
       comm,
       bytes_in,
       bytes_out,
       bytes_in + bytes_out AS bytes,
       first_seen,
       last_seen
FROM connections
ORDER BY bytes DESC, first_seen, session, connection
LIMIT getvariable('n');
