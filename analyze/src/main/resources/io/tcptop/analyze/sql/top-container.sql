-- top-container.sql: which containers moved the most data?
--
-- The connections grouped by the container their owner ran in (its id, as the owner's cgroup
-- path names it, with the runtime and the Kubernetes pod), bytes received plus sent, largest
-- first. Connections owned from no container (host processes, systemd services, and every
-- connection of a journal recorded before tcptop knew owners) share the row where container is
-- NULL; `--by cgroup` tells those apart. Totals are the connections' last replay lines'.
--
-- Used by:    tcptop analyze top SOURCE --by container [-n N]
-- Reads:      connections (see views.sql)
-- Parameters: n  rows to show (default 10)
-- Adapt:      add WHERE pod IS NOT NULL for Kubernetes only, or GROUP BY pod for pods.

SET VARIABLE n = coalesce(getvariable('n'), 10);

SELECT host,
       CASE WHEN container IS NULL THEN NULL ELSE runtime END AS runtime,
       container,
       pod,
       count(*) AS connections,
       sum(bytes_in) AS bytes_in,
       sum(bytes_out) AS bytes_out,
       sum(bytes_in + bytes_out) AS bytes,
       min(first_seen) AS first_seen,
       max(last_seen) AS last_seen
FROM connections
GROUP BY ALL
ORDER BY bytes DESC, host, container NULLS LAST
LIMIT getvariable('n');
