package io.tcptop.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.analyze.testing.TestJournals;
import io.tcptop.cli.Cli;
import io.tcptop.event.Flow;
import io.tcptop.event.TcpState;
import io.tcptop.fixtures.Scenario;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports of awkward input, each opened in Chromium: they say what is wrong or missing on a page
 * that still works, or the command refuses with one line saying what to do.
 */
class ReportBadInputTest {

  static final Path FIXTURES = Path.of(System.getProperty("tcptop.repoRoot", "..")).resolve("fixtures");

  @TempDir static Path tmp;
  static Browser browser;

  @BeforeAll
  static void startBrowser() {
    browser = Browser.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  /** Writes the report and opens it; the page must have no console error. */
  private static ReportPage open(String source, Path html, String... options) {
    String[] args = new String[options.length + 4];
    args[0] = "report";
    args[1] = source;
    args[2] = "-o";
    args[3] = html.toString();
    System.arraycopy(options, 0, args, 4, options.length);
    var r = Cli.analyze(args);
    assertEquals(0, r.exit(), r.err());
    browser.open(html);
    assertEquals(List.of(), browser.errors(), "console errors");
    return new ReportPage(browser);
  }

  @Test
  void anEmptyJournalGivesAReportThatSaysSo() {
    String idle = TestJournals.generated().get("idle").toString();
    ReportPage page = open(idle, tmp.resolve("empty.html"));
    assertTrue(page.text("#notices").contains("No traffic in this span"), page.text("#notices"));
    assertEquals("0", page.facts().get("traffic_events").value());
    assertEquals("0", page.facts().get("connections").value());
    assertEquals("No connection moved bytes in this span.", page.text("#top-connections-empty"));
    Map<String, ReportPage.Chart> charts = page.charts();
    assertEquals(List.of("loss"), charts.get("process").ids(), "no series but the loss marks");
    assertEquals(List.of("loss"), charts.get("rtt").ids());
    assertEquals("No traffic in this span", browser.js(
        "return window.tcptopReport.charts.process.getOption().graphic[0].elements[0].style.text"));
  }

  @Test
  void aWindowWithNoEventsGivesAReportThatSaysSo() {
    String journal = TestJournals.fixtures().get("fixture tcp-v4").toString();
    ReportPage page = open(journal, tmp.resolve("window.html"), "--from", "2030-01-01T00:00:00Z", "--to", "2030-01-01T00:01:00Z");
    assertTrue(page.text("#notices").contains("The window lies outside the recording, which runs from 2026-11-20 10:00:00.000"),
        page.text("#notices"));
    assertEquals("0", page.facts().get("events").value());
    assertEquals("2030-01-01T00:00:00Z", page.facts().get("span_start").value());
    ReportPage.Chart process = page.charts().get("process");
    assertEquals(61_000, process.xMax() - process.xMin(), "61 one-second buckets: the window's ends included");
  }

  @Test
  void lossEverywhereIsOneShadedIntervalOverTheWholeSpan() {
    Path journal = tmp.resolve("lossy");
    long lost = 0;
    try (Scenario s = new Scenario(journal)) {
      s.at(1);
      Flow f = s.tcp("10.0.0.1", 40000, "10.0.0.2", 443, 4242, "uploader");
      s.state(f, TcpState.SYN_SENT, TcpState.ESTABLISHED, 0, 0, 300);
      for (int i = 1; i <= 150; i++) {
        s.at(i * 200.0).send(f, 60_000).loss(i);
        lost += i;
      }
      s.at(30_000);
    }
    ReportPage page = open(journal.toString(), tmp.resolve("lossy.html"));
    assertEquals(Long.toString(lost), page.facts().get("lost").value());
    String banner = page.text("#loss");
    assertTrue(banner.startsWith(String.format(java.util.Locale.ROOT, "⚠ %,d events lost in this span: RING_BUFFER_FULL", lost)), banner);
    ReportPage.Chart process = page.charts().get("process");
    assertEquals(1, process.lossAreas(), "one run of buckets with losses");
    var intervals = ReportSql.rows(journal.toString(), "loss-intervals");
    assertEquals(1, intervals.size());
    assertEquals(Long.toString(lost), intervals.get(0).get("lost"));
    assertEquals("1", page.facts().get("connections").value());
  }

  @Test
  void aTitleAndNamesWithHtmlInThemAreShownAsText() {
    Path journal = tmp.resolve("html-names");
    // A process can name itself anything that fits 15 bytes, markup that would end the data's script element too.
    String comm = "</script><u>pwn";
    try (Scenario s = new Scenario(journal)) {
      s.at(1);
      Flow f = s.tcp("10.0.0.1", 40000, "10.0.0.2", 443, 4242, comm);
      for (int i = 1; i <= 20; i++) {
        s.at(i * 200.0).send(f, 1000).recv(f, 100);
      }
      s.at(5_000);
    }
    String title = "<script>alert('title')</script><img src=x onerror=alert(1)> & </title>";
    ReportPage page = open(journal.toString(), tmp.resolve("html.html"), "--title", title);
    assertEquals(title, page.title());
    assertEquals(title, page.documentTitle());
    assertEquals(3L, browser.js("return document.scripts.length"), "the data, the chart library, the page's script");
    assertEquals(0L, browser.js("return document.querySelectorAll('img, u').length"));
    assertEquals(comm, page.table().get(0).get("comm").text());
    assertEquals(List.of("in:" + comm + " (4242)", "out:" + comm + " (4242)", "loss"), page.charts().get("process").ids());
    Object tip = browser.js("""
        var c = window.tcptopReport.charts.process;
        c.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: 2 });
        var tips = c.getDom().querySelectorAll('div');
        var text = '';
        tips.forEach(function (d) { if (d.textContent.indexOf('pwn') >= 0) { text = d.textContent; } });
        return [text, c.getDom().querySelectorAll('u').length];""");
    List<?> t = (List<?>) tip;
    assertTrue(String.valueOf(t.get(0)).contains(comm + " (4242): in"), "tooltip shows the name as text: " + t.get(0));
    assertEquals(0L, t.get(1));
    assertEquals(List.of(), browser.errors());
  }

  @Test
  void anExistingFileIsReplacedOnlyWithForceAndOnlyIfItIsAReport() throws IOException {
    String journal = TestJournals.fixtures().get("fixture tcp-v4").toString();
    Path out = tmp.resolve("existing.html");
    assertEquals(0, Cli.analyze("report", journal, "-o", out.toString(), "--title", "first").exit());
    var refused = Cli.analyze("report", journal, "-o", out.toString(), "--title", "second");
    assertEquals(1, refused.exit());
    assertEquals(List.of("tcptop: " + out + " exists: choose another file for -o, or add --force to replace it"), refused.errLines());
    assertTrue(Files.readString(out).contains("<title>first</title>"));
    var forced = Cli.analyze("report", journal, "-o", out.toString(), "--force", "--title", "second");
    assertEquals(0, forced.exit(), forced.err());
    assertTrue(Files.readString(out).contains("<title>second</title>"));

    Path notes = tmp.resolve("notes.html");
    Files.writeString(notes, "<!DOCTYPE html>\n<p>my own notes</p>\n");
    var notAReport = Cli.analyze("report", journal, "-o", notes.toString(), "--force");
    assertEquals(1, notAReport.exit());
    assertEquals(List.of("tcptop: " + notes + " exists and is not a report: --force only replaces a file written by "
        + "'tcptop analyze report'"), notAReport.errLines());
    assertEquals("<!DOCTYPE html>\n<p>my own notes</p>\n", Files.readString(notes));
    try (var left = Files.list(tmp)) {
      assertFalse(left.anyMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temporary file left");
    }
    var dir = Cli.analyze("report", journal, "-o", tmp.toString());
    assertEquals(1, dir.exit());
    assertTrue(dir.err().startsWith("tcptop: " + tmp + " is a directory: give -o the path of the HTML file"), dir.err());
    var noParent = Cli.analyze("report", journal, "-o", tmp.resolve("no/such/dir/r.html").toString());
    assertEquals(1, noParent.exit());
    assertEquals(List.of("tcptop: cannot write " + tmp.resolve("no/such/dir/r.html") + ": " + tmp.resolve("no/such/dir")
        + ": no such file or directory"), noParent.errLines());
  }

  @Test
  void theFileIsOwnerOnlyFromCreationAndNoLinkIsFollowed() throws IOException {
    String journal = TestJournals.fixtures().get("fixture tcp-v4").toString();
    Path out = tmp.resolve("private.html");
    assertEquals(0, Cli.analyze("report", journal, "-o", out.toString()).exit());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    // Replacing a report that someone opened up writes a new, owner-only file.
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals(0, Cli.analyze("report", journal, "-o", out.toString(), "--force").exit());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));

    // A link at -o is refused, --force or not, whether it points at a report or at anything else.
    Path target = tmp.resolve("somebody-elses.txt");
    Files.writeString(target, "not yours");
    Path toFile = Files.createSymbolicLink(tmp.resolve("link.html"), target);
    Path toReport = Files.createSymbolicLink(tmp.resolve("link-to-report.html"), out);
    Path dangling = Files.createSymbolicLink(tmp.resolve("dangling.html"), tmp.resolve("not-there.html"));
    String before = Files.readString(out);
    for (Path link : List.of(toFile, toReport, dangling)) {
      for (boolean force : new boolean[] {false, true}) {
        var r = force ? Cli.analyze("report", journal, "-o", link.toString(), "--force")
            : Cli.analyze("report", journal, "-o", link.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals("tcptop analyze report: " + link + " is a symbolic link: give the directory itself with -o "
            + "(tcptop does not write through links)", r.errLines().get(0));
        assertTrue(Files.isSymbolicLink(link));
      }
    }
    assertEquals("not yours", Files.readString(target));
    assertEquals(before, Files.readString(out));
    assertFalse(Files.exists(tmp.resolve("not-there.html")));

    // --group opens the file to one group: mode 0640, owned by it.
    String group = Files.readAttributes(tmp, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).group().getName();
    Path shared = tmp.resolve("shared.html");
    assertEquals(0, Cli.analyze("report", journal, "-o", shared.toString(), "--group", group).exit());
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)));
    assertEquals(group, Files.readAttributes(shared, PosixFileAttributes.class).group().getName());
    var noGroup = Cli.analyze("report", journal, "-o", tmp.resolve("g.html").toString(), "--group", "no-such-group-tcptop");
    assertEquals(2, noGroup.exit());
    assertEquals("tcptop analyze report: --group no-such-group-tcptop: no such group on this machine", noGroup.errLines().get(0));
    assertFalse(Files.exists(tmp.resolve("g.html")));
  }

  @Test
  void aDamagedJournalGetsABannerTheNotesAndExitCode3() throws IOException {
    Path journal = tmp.resolve("damaged");
    Files.createDirectories(journal);
    Path cq4 = null;
    try (var files = Files.list(FIXTURES.resolve("recorded-loopback"))) {
      for (Path p : files.toList()) {
        Files.copy(p, journal.resolve(p.getFileName()));
        if (p.toString().endsWith(".cq4")) {
          cq4 = journal.resolve(p.getFileName());
        }
      }
    }
    // The byte DamagedJournalCommandTest flips: one batch fails its checksum.
    try (RandomAccessFile f = new RandomAccessFile(cq4.toFile(), "rw")) {
      f.seek(68_000);
      int b = f.read();
      f.seek(68_000);
      f.write(b ^ 0xff);
    }
    Path html = tmp.resolve("damaged.html");
    var r = Cli.analyze("report", journal.toString(), "-o", html.toString());
    assertEquals(3, r.exit(), r.err());
    assertTrue(r.errLines().get(0).startsWith("tcptop: damaged: " + cq4 + " at byte 65908: checksum mismatch; "), r.err());
    String last = r.errLines().get(r.errLines().size() - 1);
    assertTrue(last.startsWith("wrote " + html) && last.contains(", 1 damaged part of the journal skipped"), r.err());

    var sessions = Cli.analyze("sql", journal.toString(), "SELECT sum(damaged_batches) AS parts, sum(records_lost_to_damage) AS records "
        + "FROM sessions", "--format", "csv");
    assertEquals(3, sessions.exit(), sessions.err());
    String[] damage = sessions.outLines().get(1).split(",");
    assertEquals("1", damage[0]);
    browser.open(html);
    assertEquals(List.of(), browser.errors(), "console errors");
    ReportPage page = new ReportPage(browser);
    assertEquals("1", page.facts().get("damaged_batches").value());
    assertEquals(damage[1], page.facts().get("records_lost_to_damage").value());
    assertTrue(page.text("#damage").startsWith("⚠ The journal is damaged: 1 damaged part was skipped, with "
        + String.format(java.util.Locale.ROOT, "%,d", Long.parseLong(damage[1])) + " records"), page.text("#damage"));

    // From the export of the damaged journal (which says exit 3 itself) the report passes every
    // check against the SQL, the damage included, and exits 0: the export is read as it is.
    Path export = tmp.resolve("damaged-export");
    assertEquals(3, Cli.analyze("export", journal.toString(), "-o", export.toString()).exit());
    Path fromExport = tmp.resolve("damaged-export.html");
    var e = Cli.analyze("report", export.toString(), "-o", fromExport.toString());
    assertEquals(0, e.exit(), e.err());
    ReportChecks.pageMatchesSql(browser, fromExport, export.toString());
  }

  @Test
  void aSourceThatIsNotThereOrNotAJournalIsOneLine() throws IOException {
    Path out = tmp.resolve("nothing.html");
    Path missing = tmp.resolve("no-such-journal");
    var r = Cli.analyze("report", missing.toString(), "-o", out.toString());
    assertEquals(1, r.exit());
    assertEquals(List.of("tcptop: " + missing + ": no such journal or export directory"), r.errLines());
    Path plain = Files.createDirectories(tmp.resolve("just-a-directory"));
    Files.writeString(plain.resolve("notes.txt"), "hello");
    var notJournal = Cli.analyze("report", plain.toString(), "-o", out.toString());
    assertEquals(1, notJournal.exit());
    assertEquals(1, notJournal.errLines().size(), notJournal.err());
    assertTrue(notJournal.err().startsWith("tcptop: " + plain), notJournal.err());
    var badBlock = Cli.analyze("report", missing.toString(), "-o", out.toString(), "--address", "10.0.0.0/33");
    assertEquals(2, badBlock.exit());
    assertTrue(badBlock.errLines().get(0).startsWith("tcptop analyze report: "), badBlock.err());
    assertTrue(badBlock.err().contains("its prefix length must be 0 to 32"), badBlock.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void aBucketThatMakesTooManyBucketsIsRefused() {
    String journal = TestJournals.fixtures().get("fixture many-connections").toString();
    Path out = tmp.resolve("buckets.html");
    var r = Cli.analyze("report", journal, "-o", out.toString(), "--bucket", "1ms");
    assertEquals(1, r.exit());
    assertEquals(List.of("tcptop: --bucket 1ms makes 20,001 buckets in this span; a report holds at most 1,000: "
        + "choose a longer --bucket or a shorter --from/--to window"), r.errLines());
    assertFalse(Files.exists(out));
  }

  @Test
  void badOptionsAreUsageErrors() {
    String journal = TestJournals.fixtures().get("fixture tcp-v4").toString();
    String out = tmp.resolve("never.html").toString();
    var top = Cli.analyze("report", journal, "-o", out, "--top", "0");
    assertEquals(2, top.exit());
    assertEquals("tcptop analyze report: --top 0: give 1 to 20 series", top.errLines().get(0));
    var part = Cli.analyze("report", "--print-sql=charts");
    assertEquals(2, part.exit());
    assertTrue(part.err().startsWith("tcptop analyze report: --print-sql=charts: no such part; the parts are header, losses"), part.err());
    var noOutput = Cli.analyze("report", journal);
    assertEquals(2, noOutput.exit());
    assertEquals("tcptop analyze report: give -o FILE: the HTML file to write", noOutput.errLines().get(0));
    var help = Cli.analyze("report", "--help");
    assertEquals(0, help.exit());
    assertTrue(help.out().startsWith("Usage: tcptop analyze report SOURCE -o FILE "), "SOURCE is not optional: " + help.out());
    assertTrue(help.outLines().stream().limit(4).allMatch(l -> l.length() <= 80), "the synopsis fits 80 columns:\n" + help.out());
    var order = Cli.analyze("report", journal, "-o", out, "--from", "+2s", "--to", "+1s");
    assertEquals(2, order.exit());
    assertFalse(Files.exists(Path.of(out)));
  }

  @Test
  void aReportOfAJournalIsTheReportOfItsExport() throws IOException {
    String journal = TestJournals.fixtures().get("fixture loss").toString();
    Path export = tmp.resolve("loss-export");
    assertEquals(0, Cli.analyze("export", journal, "-o", export.toString()).exit());
    Path a = tmp.resolve("from-journal.html");
    Path b = tmp.resolve("from-export.html");
    assertEquals(0, Cli.analyze("report", journal, "-o", a.toString()).exit());
    assertEquals(0, Cli.analyze("report", export.toString(), "-o", b.toString()).exit());
    assertEquals(Files.readString(a), Files.readString(b));
  }
}
