-- report-header.sql: what the report covers, in one row (the report's header).
--
-- The recording's hosts, kernels, journal format versions and recording filters; its span and
-- the report's (the window), with their lengths in seconds; the bucket length and how many buckets the charts have; and,
-- inside the window and the filters, the records, connections, bytes and events lost. Damage
-- is the whole recording's (the sessions' damaged_batches and records_lost_to_damage: parts of
-- a journal skipped because their checksum failed); NULL for exports made before it was counted.
--
-- Used by:    tcptop analyze report (the header)
-- Reads:      sessions, and the views of report-scope.sql (run it first)

SELECT string_agg(DISTINCT host, ', ' ORDER BY host) AS hosts,
       string_agg(DISTINCT kernel, ', ' ORDER BY kernel) AS kernels,
       string_agg(DISTINCT format_version::VARCHAR, ', ' ORDER BY format_version::VARCHAR) AS format_versions,
       coalesce(string_agg(DISTINCT nullif(filters, ''), '; ' ORDER BY nullif(filters, '')), '') AS recording_filters,
       count(*) AS sessions,
       count(*) FILTER (WHERE NOT ended_cleanly) AS sessions_without_end,
       sum(damaged_batches) AS damaged_batches,
       sum(records_lost_to_damage) AS records_lost_to_damage,
       min(start_ts) AS recording_start,
       max(coalesce(end_ts, last_ts)) AS recording_end,
       round((epoch_ns(max(coalesce(end_ts, last_ts))) - epoch_ns(min(start_ts))) / 1e9, 3) AS recording_s,
       getvariable('span_start') AS span_start,
       getvariable('span_end') AS span_end,
       round((epoch_ns(getvariable('span_end')) - epoch_ns(getvariable('span_start'))) / 1e9, 3) AS span_s,
       getvariable('bucket') AS bucket,
       epoch_us(getvariable('bucket')) AS bucket_us,
       getvariable('first_bucket') AS first_bucket,
       (epoch_us(getvariable('span_end')) - epoch_us(getvariable('first_bucket'))) // epoch_us(getvariable('bucket')) + 1
         AS buckets,
       -- For the whole recording the sessions' totals; else a count of the records in the report
       -- ("WHERE NOT whole" lets DuckDB skip that count when it is not wanted).
       CASE WHEN getvariable('whole') THEN sum(records)
            ELSE (SELECT count(*) FROM report_events WHERE NOT getvariable('whole')) END AS events,
       CASE WHEN getvariable('whole') THEN sum(traffic_events)
            ELSE (SELECT count(*) FROM report_events WHERE kind IN ('send', 'recv') AND NOT getvariable('whole'))
       END AS traffic_events,
       (SELECT count(*) FROM report_connections) AS connections,
       (SELECT coalesce(sum(bytes_in), 0) FROM report_connection_bytes) AS bytes_in,
       (SELECT coalesce(sum(bytes_out), 0) FROM report_connection_bytes) AS bytes_out,
       (SELECT coalesce(sum(lost), 0) FROM report_losses) AS lost,
       getvariable('peer_cidr') AS peers_as_networks
FROM sessions;
