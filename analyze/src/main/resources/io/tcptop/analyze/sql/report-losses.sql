-- report-losses.sql: did the recorder lose events, and why?
--
-- The LOSS records inside the window by host and cause (ring buffer full, decode error, ...):
-- how many records and how many events they say were lost.
--
-- Used by:    tcptop analyze report (the header's loss line)
-- Reads:      report_losses (report-scope.sql: run it first)

SELECT host, cause, count(*) AS loss_records, sum(lost) AS lost
FROM report_losses
GROUP BY host, cause
ORDER BY lost DESC, host, cause;
