-- report-bandwidth-peer.sql: which remote peers took the bandwidth, and when?
--
-- Bytes received (bucket_in) and sent (bucket_out) per time bucket and remote peer: its
-- address, or its network when there are many (report_peer in report-scope.sql). Rates,
-- ranks and "other" as in report-bandwidth-process.sql.
--
-- Used by:    tcptop analyze report ("Bandwidth by remote peer")
-- Reads:      report_bandwidth (report-scope.sql: run it first)

WITH peers AS (
  -- Named once per address, not once per line.
  SELECT remote_addr, report_peer(remote_addr) AS series
  FROM (SELECT DISTINCT remote_addr FROM report_bandwidth)
), named AS (
  SELECT time_bucket(getvariable('bucket'), b.ts) AS bucket,
         p.series,
         sum(b.tick_in) AS tick_in,
         sum(b.tick_out) AS tick_out
  FROM report_bandwidth AS b
  JOIN peers AS p USING (remote_addr)
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
