-- top-rtt.sql: which connections had the longest round-trip times?
--
-- TCP connections by their average smoothed RTT (the kernel's srtt over the connection's RTT
-- samples and state changes), longest first. Connections without a sample are left out.
--
-- Used by:    tcptop analyze top SOURCE --by rtt [-n N]
-- Reads:      connections (see views.sql)
-- Parameters: n  rows to show (default 10)

SET VARIABLE n = coalesce(getvariable('n'), 10);

SELECT host,
       proto,
       endpoint(local_addr, local_port) AS local,
       endpoint(remote_addr, remote_port) AS remote,
       pid,
       comm,
       rtt_min_us,
       round(rtt_avg_us, 1) AS rtt_avg_us,
       rtt_max_us,
       bytes_in + bytes_out AS bytes
FROM connections
WHERE rtt_avg_us IS NOT NULL
ORDER BY rtt_avg_us DESC, first_seen, session, connection
LIMIT getvariable('n');
