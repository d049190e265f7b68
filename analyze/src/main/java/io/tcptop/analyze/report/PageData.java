package io.tcptop.analyze.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the page's script draws from: the bucket axis, the LOSS intervals and one entry per
 * chart, each series as one value per bucket. The SQL files return only buckets that have rows;
 * a missing bucket is 0 bytes or connections, and no RTT sample (null, a gap in the line).
 */
final class PageData {
  private PageData() {}

  /** Chart ids, as the page's plot elements name them. */
  static final String PROCESS = "process";
  static final String PEER = "peer";
  static final String CONTAINER = "container";
  static final String RTT = "rtt";
  static final String CONNECTIONS = "connections";

  /** The buckets: the first one's start, their length and number. */
  record Axis(long startUs, long stepUs, int count) {
    static Axis of(Rows header) {
      return new Axis(micros(header.instant(0, "first_bucket")), header.longValue(0, "bucket_us"),
          (int) header.longValue(0, "buckets"));
    }

    int index(Instant bucket) {
      long i = (micros(bucket) - startUs) / stepUs;
      return i < 0 || i >= count ? -1 : (int) i;
    }
  }

  static String json(ReportData data) {
    Rows header = data.header();
    Axis axis = Axis.of(header);
    Json j = new Json().object();
    j.key("axis").object().key("start").number(axis.startUs() / 1000.0).key("step").number(axis.stepUs() / 1000.0)
        .key("count").number(axis.count()).endObject();
    loss(j.key("loss"), data.get(ReportQuery.LOSS_INTERVALS));
    j.key("charts").object();
    bandwidth(j.key(PROCESS), data.get(ReportQuery.BANDWIDTH_PROCESS), axis);
    bandwidth(j.key(PEER), data.get(ReportQuery.BANDWIDTH_PEER), axis);
    data.container().ifPresent(rows -> bandwidth(j.key(CONTAINER), rows, axis));
    rtt(j.key(RTT), data.get(ReportQuery.RTT), axis);
    connections(j.key(CONNECTIONS), data.get(ReportQuery.CONNECTIONS), axis);
    return j.endObject().endObject().toString();
  }

  private static void loss(Json j, Rows rows) {
    j.array();
    for (int r = 0; r < rows.size(); r++) {
      j.object()
          .key("from").number(micros(rows.instant(r, "loss_from")) / 1000.0)
          .key("to").number(micros(rows.instant(r, "loss_to")) / 1000.0)
          .key("lost").number(rows.longValue(r, "lost"))
          .key("records").number(rows.longValue(r, "loss_records"))
          .key("causes").string(rows.text(r, "causes"))
          .endObject();
    }
    j.endArray();
  }

  /** Series named by rank, each with one value per bucket for every value column. */
  private record Series(List<String> names, List<Long> ranks, Map<String, List<Double[]>> values) {}

  private static Series series(Rows rows, Axis axis, Double missing, String... columns) {
    Map<String, Integer> index = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    List<Long> ranks = new ArrayList<>();
    Map<String, List<Double[]>> values = new LinkedHashMap<>();
    for (String c : columns) {
      values.put(c, new ArrayList<>());
    }
    // Ranks are dense from 1 but rows come by bucket: order the series by rank first.
    List<Integer> byRank = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      byRank.add(r);
    }
    byRank.sort((a, b) -> Long.compare(rows.longValue(a, "series_rank"), rows.longValue(b, "series_rank")));
    for (int r : byRank) {
      String name = rows.text(r, "series");
      if (!index.containsKey(name)) {
        index.put(name, names.size());
        names.add(name);
        ranks.add(rows.longValue(r, "series_rank"));
        for (String c : columns) {
          Double[] a = new Double[axis.count()];
          Arrays.fill(a, missing);
          values.get(c).add(a);
        }
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      int b = axis.index(rows.instant(r, "bucket"));
      if (b < 0) {
        continue;
      }
      int s = index.get(rows.text(r, "series"));
      for (String c : columns) {
        values.get(c).get(s)[b] = rows.number(r, c);
      }
    }
    return new Series(names, ranks, values);
  }

  private static void bandwidth(Json j, Rows rows, Axis axis) {
    Series s = series(rows, axis, 0.0, "rate_in", "rate_out");
    j.object().key("kind").string("bandwidth").key("names").strings(s.names()).key("ranks").numbers(s.ranks());
    arrays(j.key("in"), s.values().get("rate_in"));
    arrays(j.key("out"), s.values().get("rate_out"));
    j.endObject();
  }

  private static void rtt(Json j, Rows rows, Axis axis) {
    Series s = series(rows, axis, null, "rtt_p50_us", "rtt_p99_us");
    j.object().key("kind").string("rtt").key("names").strings(s.names()).key("ranks").numbers(s.ranks());
    arrays(j.key("p50"), s.values().get("rtt_p50_us"));
    arrays(j.key("p99"), s.values().get("rtt_p99_us"));
    j.endObject();
  }

  private static void connections(Json j, Rows rows, Axis axis) {
    Double[] opened = new Double[axis.count()];
    Double[] closed = new Double[axis.count()];
    Arrays.fill(opened, 0.0);
    Arrays.fill(closed, 0.0);
    for (int r = 0; r < rows.size(); r++) {
      int b = axis.index(rows.instant(r, "bucket"));
      if (b >= 0) {
        opened[b] = rows.number(r, "opened");
        closed[b] = rows.number(r, "closed");
      }
    }
    j.object().key("kind").string("connections");
    j.key("opened").numbers(Arrays.asList(opened));
    j.key("closed").numbers(Arrays.asList(closed));
    j.endObject();
  }

  private static void arrays(Json j, List<Double[]> arrays) {
    j.array();
    for (Double[] a : arrays) {
      j.numbers(Arrays.asList(a));
    }
    j.endArray();
  }

  static long micros(Instant t) {
    return Math.multiplyExact(t.getEpochSecond(), 1_000_000L) + t.getNano() / 1_000;
  }
}
