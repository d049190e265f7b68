-- timeline-cgroup.sql: how much did each cgroup send and receive over time?
--
-- Bytes moved in each time bucket (bucket_in, bucket_out: the sum of the ticks' tick_in and
-- tick_out) and average rates, per time bucket and owner's cgroup path (NULL where unknown), from
-- the bandwidth rows (one per connection per tick). A tick's bytes count in the bucket that holds
-- the tick's end.
--
-- Used by:    tcptop analyze timeline SOURCE --by cgroup [--bucket 1s]
-- Reads:      bandwidth (see views.sql)
-- Parameters: bucket  bucket length, an INTERVAL (default 1 second)

SET VARIABLE bucket = coalesce(getvariable('bucket'), INTERVAL 1 second);

SELECT time_bucket(getvariable('bucket'), ts) AS bucket,
       host,
       cgroup,
       count(DISTINCT (session, connection)) AS connections,
       sum(tick_in) AS bucket_in,
       sum(tick_out) AS bucket_out,
       sum(tick_in + tick_out) AS bucket_bytes,
       round(sum(tick_in) / (epoch_us(getvariable('bucket')) / 1e6), 1) AS rate_in,
       round(sum(tick_out) / (epoch_us(getvariable('bucket')) / 1e6), 1) AS rate_out
FROM bandwidth
GROUP BY ALL
ORDER BY bucket, bucket_bytes DESC, host, cgroup NULLS LAST;
