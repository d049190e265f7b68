-- report-bandwidth-process.sql: which processes took the bandwidth, and when?
--
-- Bytes received (bucket_in) and sent (bucket_out) per time bucket and process ("comm (pid)"),
-- with the bucket's average rates (rate_in, rate_out: bytes per second). The `top` processes
-- with the most bytes in the report keep their name, ranked by those bytes (series_rank); the
-- others are summed as "other". A bucket without a row moved no bytes for that series. A
-- tick's bytes count in the bucket that holds the tick's end.
--
-- Used by:    tcptop analyze report ("Bandwidth by process")
-- Reads:      report_bandwidth (report-scope.sql: run it first)

WITH named AS (
  SELECT time_bucket(getvariable('bucket'), ts) AS bucket,
         report_process(host, pid, comm) AS series,
         sum(tick_in) AS tick_in,
         sum(tick_out) AS tick_out
  FROM report_bandwidth
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
