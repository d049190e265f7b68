-- report-loss-intervals.sql: when did the recorder lose events?
--
-- Runs of consecutive buckets that hold LOSS records, each as one interval [loss_from,
-- loss_to) with the events lost in it and their causes. The charts shade these intervals.
--
-- Used by:    tcptop analyze report (the shaded intervals on every time chart)
-- Reads:      report_losses (report-scope.sql: run it first)

WITH loss AS (
  SELECT time_bucket(getvariable('bucket'), ts) AS bucket, lost, cause
  FROM report_losses
), runs AS (
  -- Consecutive buckets share a run number: bucket index minus rank.
  SELECT bucket,
         epoch_us(bucket) // epoch_us(getvariable('bucket')) - row_number() OVER (ORDER BY bucket) AS run
  FROM (SELECT DISTINCT bucket FROM loss)
)
SELECT min(l.bucket) AS loss_from,
       max(l.bucket) + getvariable('bucket') AS loss_to,
       count(*) AS loss_records,
       sum(l.lost) AS lost,
       string_agg(DISTINCT l.cause, ', ' ORDER BY l.cause) AS causes
FROM loss AS l
JOIN runs AS r USING (bucket)
GROUP BY r.run
ORDER BY loss_from;
