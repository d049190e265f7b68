-- report-bandwidth-container.sql: which containers (or systemd units) took the bandwidth, and when?
--
-- Bytes received (bucket_in) and sent (bucket_out) per time bucket and owner, as report_owner
-- (report-scope.sql) names it: the container, else the systemd unit of the owner's cgroup, else
-- its cgroup path; "(none)" for connections without a cgroup. Each bandwidth line counts for the
-- owner it had at that tick. Rates, ranks and "other" as in report-bandwidth-process.sql. The
-- report leaves the chart out when no connection in it has a cgroup.
--
-- Used by:    tcptop analyze report ("Bandwidth by container or unit")
-- Reads:      report_bandwidth (report-scope.sql: run it first)

WITH owners AS (
  -- One label per cgroup and container rather than one per line: the regular expression runs rarely.
  SELECT time_bucket(getvariable('bucket'), ts) AS bucket, cgroup, container,
         sum(tick_in) AS tick_in,
         sum(tick_out) AS tick_out
  FROM report_bandwidth
  GROUP BY ALL
), named AS (
  SELECT bucket, report_owner(cgroup, container) AS series, sum(tick_in) AS tick_in, sum(tick_out) AS tick_out
  FROM owners
  GROUP BY ALL
), ranked AS (
  SELECT series, row_number() OVER (ORDER BY sum(tick_in + tick_out) DESC, series) AS series_rank
  FROM named
  GROUP BY series
)
SELECT n.bucket,
       least(r.series_rank, getvariable('top') + 1) AS series_rank,
       CASE WHEN r.series_rank <= getvariable('top') THEN n.series ELSE 'other' END AS series,
       sum(n.tick_in) AS bucket_in,
       sum(n.tick_out) AS bucket_out,
       report_rate(sum(n.tick_in)) AS rate_in,
       report_rate(sum(n.tick_out)) AS rate_out
FROM named AS n
JOIN ranked AS r USING (series)
GROUP BY ALL
ORDER BY n.bucket, series_rank;
