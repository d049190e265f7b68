-- top-cgroup.sql: which cgroups moved the most data?
--
-- The connections grouped by their owner's cgroup (its path: a systemd service, a user session,
-- a container's scope), bytes received plus sent, largest first. cgroup is NULL for connections
-- whose owner's cgroup is unknown: a cgroup removed before the recorder could name it (cgroup_id
-- still says which), connections seen only from softirq, journals recorded before owners.
--
-- Used by:    tcptop analyze top SOURCE --by cgroup [-n N]
-- Reads:      connections (see views.sql)
-- Parameters: n  rows to show (default 10)
-- Adapt:      GROUP BY the first parts of the path, e.g. regexp_extract(cgroup, '^/[^/]+'), for slices.

SET VARIABLE n = coalesce(getvariable('n'), 10);

SELECT host,
       cgroup,
       cgroup_id,
       runtime,
       container,
       count(*) AS connections,
       sum(bytes_in) AS bytes_in,
       sum(bytes_out) AS bytes_out,
       sum(bytes_in + bytes_out) AS bytes,
       min(first_seen) AS first_seen,
       max(last_seen) AS last_seen
FROM connections
GROUP BY host, cgroup, cgroup_id, runtime, container
ORDER BY bytes DESC, host, cgroup NULLS LAST, cgroup_id
LIMIT getvariable('n');
