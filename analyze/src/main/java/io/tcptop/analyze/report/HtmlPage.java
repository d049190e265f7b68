package io.tcptop.analyze.report;

import io.tcptop.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report as one HTML file: the template with the header, a section per chart, the table,
 * the data as JSON, and the chart library and the page's script inlined, so that the file opens
 * anywhere without a network. Text from the recording goes in escaped ({@link Html}).
 */
final class HtmlPage {
  private HtmlPage() {}

  /** The chart library, as the build bundles it from npm packages (see analyze/pom.xml). */
  static final String CHART_LIBRARY = "echarts/echarts-report.min.js";

  static String render(ReportData data) {
    HeaderHtml header = new HeaderHtml(data);
    String title = header.title();
    Map<String, String> parts = Map.ofEntries(
        Map.entry("generator", Html.text("tcptop " + Version.get())),
        Map.entry("title", Html.text(title)),
        Map.entry("subtitle", "tcptop analyze report, " + Html.text(header.bucketText()) + " buckets, all times UTC"),
        Map.entry("loss", header.damageBanner() + header.lossBanner()),
        Map.entry("facts", header.facts()),
        Map.entry("notices", header.notices()),
        Map.entry("sections", sections(data)),
        Map.entry("footer", footer()),
        Map.entry("data", Html.scriptJson(PageData.json(data))),
        Map.entry("chartLibrary", script(asset(CHART_LIBRARY))),
        Map.entry("css", asset("report.css")),
        Map.entry("script", script(asset("report.js"))));
    return fill(asset("report.html"), parts);
  }

  private static String sections(ReportData data) {
    StringBuilder sb = new StringBuilder();
    Rows h = data.header();
    boolean networks = h.flag(0, "peers_as_networks");
    chart(sb, PageData.PROCESS, "Bandwidth by process", ReportQuery.BANDWIDTH_PROCESS,
        "Received above the axis, sent below, in bytes per second averaged over each bucket; the "
            + "busiest processes by bytes in this span, the rest as \"other\". Drag or scroll to zoom, hover for values.");
    chart(sb, PageData.PEER, "Bandwidth by remote peer", ReportQuery.BANDWIDTH_PEER,
        networks ? "By network (/24 for IPv4, /64 for IPv6): the report has too many peers to show one by one."
            : "By remote address.");
    if (data.container().isPresent()) {
      chart(sb, PageData.CONTAINER, "Bandwidth by container or unit", ReportQuery.BANDWIDTH_CONTAINER,
          "By the owner's container (its id's first 12 characters), else the systemd unit of its cgroup "
              + "(a service, a session), else the cgroup's path; \"(none)\" without a cgroup.");
    } else {
      sb.append("<section class=\"left-out\" id=\"section-container\"><h2>Bandwidth by container or unit</h2><p>Left out: ")
          .append(Html.text(data.containerLeftOut())).append(".</p></section>\n");
    }
    chart(sb, PageData.RTT, "Round-trip time", ReportQuery.RTT,
        "Median (solid) and 99th percentile (dashed) of the kernel's smoothed RTT per bucket, for the "
            + "TCP connections that moved the most bytes.");
    chart(sb, PageData.CONNECTIONS, "Connections opened and closed", ReportQuery.CONNECTIONS,
        "Connections whose first event falls in the bucket (not those open before recording), and TCP connections that closed in it.");
    sb.append("<section id=\"section-top-connections\"><h2>Top connections</h2>")
        .append("<p class=\"query\">By bytes in this span; click a column to sort. Numbers: <code>")
        .append(ReportQuery.TOP_CONNECTIONS.file()).append(".sql</code></p>\n")
        .append(TableHtml.render(data)).append("</section>\n");
    return sb.toString();
  }

  private static void chart(StringBuilder sb, String id, String title, ReportQuery q, String about) {
    sb.append("<section class=\"chart\" id=\"section-").append(id).append("\"><h2>").append(Html.text(title)).append("</h2>")
        .append("<p class=\"query\">").append(Html.text(about)).append(" Numbers: <code>").append(q.file()).append(".sql</code></p>")
        .append("<div class=\"plot\" data-chart=\"").append(id).append("\"></div></section>\n");
  }

  private static String footer() {
    return "<p>Every number in this report comes from SQL files over the views of <code>tcptop analyze sql</code>, "
        + "named under each part. To see a part's rows, run the report's scope and that file: "
        + "<code>tcptop analyze sql SOURCE \"$(tcptop analyze report --print-sql=rtt [the same options])\"</code>.</p>"
        + "<p>Charts drawn with Apache ECharts " + Html.text(chartLibraryVersion())
        + " (Apache License 2.0), inlined in this file.</p>";
  }

  /** Script text for inlining; one that could end its own script element would break the page. */
  private static String script(String js) {
    if (js.toLowerCase(java.util.Locale.ROOT).contains("</script")) {
      throw new IllegalStateException("a script to inline contains </script");
    }
    return js;
  }

  static String chartLibraryVersion() {
    Matcher m = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(asset("echarts/package.json"));
    return m.find() ? m.group(1) : "";
  }

  /** Replaces each {{name}} of the template in one pass, so nothing inserted is read again. */
  private static String fill(String template, Map<String, String> parts) {
    Matcher m = Pattern.compile("\\{\\{(\\w+)}}").matcher(template);
    StringBuilder sb = new StringBuilder(template.length() + (1 << 20));
    while (m.find()) {
      String v = parts.get(m.group(1));
      if (v == null) {
        throw new IllegalStateException("report.html has no value for {{" + m.group(1) + "}}");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static String asset(String name) {
    try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " next to " + HtmlPage.class.getName()
            + " (the build copies the chart library from npm: run the analyze module's build)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
