package io.tcptop.analyze.export;

/**
 * Which journal records an export writes as {@code events} rows. An export a user keeps has them
 * all. The temporary export behind a report of a whole journal (no window, no filter) needs only
 * the records with an RTT sample: of everything in {@code events} that report reads nothing else
 * (report-rtt.sql; the header then takes the sessions' totals, and LOSS records come from the
 * {@code losses} dataset), and writing the other rows, nearly all of them, was most of the
 * export's work.
 */
public enum EventRowSet {
  ALL,
  RTT_SAMPLES;

  boolean keeps(long rttUs) {
    return this == ALL || rttUs != EventBatch.NONE;
  }
}
