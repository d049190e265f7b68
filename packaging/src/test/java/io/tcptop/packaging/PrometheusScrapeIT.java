package io.tcptop.packaging;

import static io.tcptop.packaging.InstalledPackage.shippedConfig;
import static io.tcptop.packaging.Host.tcptop;
import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's recorder with metrics on, scraped every second by a real Prometheus server
 * (Debian's, on a loopback port, with a configuration written here): through Prometheus' query
 * API, the counters say what the journal holds once the traffic has stopped.
 */
@ExtendWith(InstalledPackage.class)
@Order(4)
class PrometheusScrapeIT {
  static final String COMM = "tcptop-prom";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path tmp;
  static Process prometheus;

  @AfterAll
  static void restore() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      prometheus.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void whatPrometheusScrapedIsWhatTheJournalHolds() throws Exception {
    int metrics = freePort();
    int web = freePort();
    try (Traffic traffic = new Traffic(COMM)) {
      Files.writeString(Recorder.CONFIG, shippedConfig() + "\nport = " + traffic.port() + "\nmetrics = 127.0.0.1:" + metrics + "\n");
      Path config = tmp.resolve("prometheus.yml");
      Files.writeString(config, """
          global:
            scrape_interval: 1s
          scrape_configs:
            - job_name: tcptop
              static_configs:
                - targets: ['127.0.0.1:%d']
          """.formatted(metrics));
      prometheus = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + tmp.resolve("tsdb"),
          "--web.listen-address=127.0.0.1:" + web).redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
      String api = "http://127.0.0.1:" + web;
      waitFor(() -> get(api + "/-/ready").startsWith("Prometheus"), "Prometheus ready: " + Files.readString(tmp.resolve("prometheus.log")));

      Path log = tmp.resolve("recorder.log");
      Recorder recorder = Recorder.start(log);
      try {
        assertTrue(recorder.output().contains("tcptop: metrics at http://127.0.0.1:" + metrics + "/metrics"), recorder.output());
        for (int i = 0; i < 3; i++) {
          traffic.exchange(20_000, 3_000);
        }
        String out = "tcptop_traffic_bytes_total{process=\"" + COMM + "\",direction=\"out\"}";
        waitFor(() -> query(api, out).values().stream().anyMatch(v -> v == 69_000), "Prometheus scraped the traffic");
        Thread.sleep(3_000); // more scrapes, of counters that no longer move
        assertEquals(Map.of("{}", 1.0), stripped(query(api, "up{job=\"tcptop\"}")));
        Map<String, Double> bytes = stripped(query(api, "tcptop_traffic_bytes_total{process!=\"\"}"));
        Map<String, Double> lost = stripped(query(api, "tcptop_events_lost_total"));
        double kernelEvents = query(api, "tcptop_kernel_events_total").values().iterator().next();
        double records = query(api, "tcptop_journal_records_total").values().iterator().next();
        double cpu = query(api, "process_cpu_seconds_total{job=\"tcptop\"}").values().iterator().next();
        double window = query(api, "tcptop_journal_window_seconds").values().iterator().next();
        double disk = query(api, "tcptop_journal_disk_bytes").values().iterator().next();
        assertEquals(0, recorder.stop(), recorder.output());

        // The journal, this session's part of it (it continues the earlier sessions' journal).
        String since = "ts >= (select max(ts) from events where kind = 'start')";
        Map<String, Double> journalBytes = new TreeMap<>();
        for (String row : sql("select comm, kind, sum(bytes) from events where kind in ('send', 'recv') and " + since + " group by 1, 2")) {
          String[] f = row.split(",");
          journalBytes.put("{direction=\"" + (f[1].equals("send") ? "out" : "in") + "\",process=\"" + f[0] + "\"}", Double.parseDouble(f[2]));
        }
        assertEquals(Map.of("{direction=\"in\",process=\"" + COMM + "\"}", 69_000.0, "{direction=\"out\",process=\"" + COMM + "\"}", 69_000.0),
            journalBytes);
        assertEquals(journalBytes, bytes.entrySet().stream().filter(e -> e.getValue() > 0)
            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new)));
        Map<String, Double> journalLost = new TreeMap<>(Map.of("{cause=\"ring_buffer_full\"}", 0.0, "{cause=\"decode_error\"}", 0.0));
        for (String row : sql("select lower(cause), sum(lost) from events where kind = 'loss' and " + since + " group by 1")) {
          journalLost.put("{cause=\"" + row.split(",")[0] + "\"}", Double.parseDouble(row.split(",")[1]));
        }
        assertEquals(journalLost, new TreeMap<>(lost));
        double endLost = Double.parseDouble(sql("select lost from events where kind = 'end' and " + since).get(0));
        assertEquals(endLost, lost.values().stream().mapToDouble(Double::doubleValue).sum());
        long summaryEvents = Long.parseLong(recorder.output().replaceAll("(?s).*: (\\d+) kernel events.*", "$1").strip());
        assertEquals(summaryEvents, (long) kernelEvents, "the recorder's total, also in its journal's END record");
        long journalRecords = Long.parseLong(sql("select count(*) from events where " + since).get(0));
        assertTrue(records > 0 && records <= journalRecords, records + " records scraped, " + journalRecords + " in the journal");
        assertTrue(cpu > 0, "recorder CPU " + cpu);
        assertTrue(window > 0 && disk > 0, "window " + window + " s, disk " + disk + " bytes");
      } finally {
        recorder.close();
      }
    }
  }

  static List<String> sql(String query) throws Exception {
    Host.Run r = tcptop("analyze", "sql", Recorder.JOURNAL.toString(), query, "--format", "csv");
    assertEquals(0, r.exit(), r.err());
    List<String> rows = r.out().lines().toList();
    return rows.subList(1, rows.size());
  }

  /** An instant query's result: each series' labels (without job and instance) and value. */
  static Map<String, Double> query(String api, String promql) throws Exception {
    String body = get(api + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    assertTrue(body.contains("\"status\":\"success\""), body);
    Map<String, Double> m = new TreeMap<>();
    Matcher series = Pattern.compile("\\{\"metric\":\\{([^}]*)\\},\"value\":\\[[^,]+,\"([^\"]+)\"\\]\\}").matcher(body);
    while (series.find()) {
      m.put(series.group(1), Double.parseDouble(series.group(2)));
    }
    return m;
  }

  /** Series keys as {label="value",…} without __name__, job and instance, in the exposition's label order. */
  static Map<String, Double> stripped(Map<String, Double> result) {
    Map<String, Double> m = new TreeMap<>();
    result.forEach((labels, v) -> {
      StringBuilder sb = new StringBuilder();
      Matcher l = Pattern.compile("\"([^\"]+)\":\"([^\"]*)\"").matcher(labels);
      while (l.find()) {
        if (!List.of("__name__", "job", "instance").contains(l.group(1))) {
          sb.append(sb.isEmpty() ? "" : ",").append(l.group(1)).append("=\"").append(l.group(2)).append('"');
        }
      }
      m.put("{" + sb + "}", v);
    });
    return m;
  }

  static String get(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      return "";
    }
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void waitFor(Check c, String what) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!c.ok()) {
      if (System.nanoTime() > deadline) {
        fail("waited 60 s for " + what);
      }
      Thread.sleep(200);
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
