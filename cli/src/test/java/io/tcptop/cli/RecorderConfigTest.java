package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.tcptop.bpf.KernelTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * record --config FILE, the service's way to start the recorder: a bad file fails before anything
 * is loaded, in one line naming the file, the line and the key, with exit code 2 (which the
 * service's unit does not restart on); a good one records, and restarted continues its journal.
 */
class RecorderConfigTest {
  @TempDir Path tmp;

  Cli.Result recordWith(String config, String... more) throws Exception {
    Path file = tmp.resolve("recorder.conf");
    Files.writeString(file, config);
    String[] args = new String[3 + more.length];
    args[0] = "record";
    args[1] = "--config";
    args[2] = file.toString();
    System.arraycopy(more, 0, args, 3, more.length);
    return Cli.run(args);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "colour = red                   | 4 | unknown key 'colour': the keys are journal, group, max-age",
      "group = no-such-group-here     | 4 | group = no-such-group-here: no group named no-such-group-here on this host",
      "max-size = 10M                 | 4 | max-size = 10M: is smaller than the three one-minute files",
      "ring-size = 3M                 | 4 | ring-size = 3M: use a power of two from 4K to 1G",
      "interval = soon                | 4 | interval = soon: is not a duration",
      "metrics = example.com:9464     | 4 | metrics = example.com:9464: 'example.com' is not an IP address",
      "metrics = 127.0.0.1:99999      | 4 | metrics = 127.0.0.1:99999: the port must be a number from 1 to 65535",
      "port = http                    | 4 | port = http: is not a port",
      "pid = -4                       | 4 | pid = -4: is not a process id",
      "protocol = sctp                | 4 | protocol = sctp: give tcp or udp",
      "address = 10.0.0.0/33          | 4 | address = 10.0.0.0/33:",
      "cgroup = /system.slice/../x    | 4 | cgroup = /system.slice/../x: is not a cgroup path",
      "container = docker/3f2a        | 4 | container = docker/3f2a: is not a container id prefix",
      "netns = net:[abc]              | 4 | netns = net:[abc]: is not a network namespace",
      "max-age = 1h                   | 4 | max-age: set twice (also on line 3)",
      "journal                        | 4 | 'journal' is not 'key = value'",
      "process =                      | 4 | process: no value",
  })
  void aBadLineFailsInOneLineNamingItsKey(String line, int lineNumber, String expected) throws Exception {
    Cli.Result r = recordWith("# the recorder\njournal = " + tmp.resolve("j") + "\nmax-age = 30m\n" + line + "\n");
    assertEquals(2, r.exit(), r.err());
    List<String> lines = r.errLines();
    assertEquals(1, lines.size(), r.err());
    assertTrue(lines.get(0).startsWith("tcptop: " + tmp.resolve("recorder.conf") + ":" + lineNumber + ": "), lines.get(0));
    assertTrue(lines.get(0).contains(expected), lines.get(0));
    assertFalse(Files.exists(tmp.resolve("j")), "nothing is created for a bad configuration");
  }

  @Test
  void aServiceKeepsAWindowAndSaysWhereItsJournalIs() throws Exception {
    Cli.Result noWindow = recordWith("journal = " + tmp.resolve("j") + "\n");
    assertEquals(2, noWindow.exit());
    assertEquals(List.of("tcptop: " + tmp.resolve("recorder.conf") + ": no 'max-age' or 'max-size': a recorder that "
        + "runs all the time keeps a window, e.g. max-age = 30m"), noWindow.errLines());
    Cli.Result noJournal = recordWith("max-age = 30m\n");
    assertEquals(2, noJournal.exit());
    assertEquals(1, noJournal.errLines().size());
    assertTrue(noJournal.err().contains("no 'journal = DIR'"), noJournal.err());
  }

  @Test
  void aMissingFileIsOneLine() {
    Cli.Result r = Cli.run("record", "--config", tmp.resolve("nowhere.conf").toString());
    assertEquals(2, r.exit());
    assertEquals(List.of("tcptop: " + tmp.resolve("nowhere.conf") + ": no such file: write the recorder's settings "
        + "there (see 'man tcptop-record')"), r.errLines());
  }

  @Test
  void withoutConfigTheJournalIsRequired() {
    Cli.Result r = Cli.run("record");
    assertEquals(2, r.exit());
    assertEquals("tcptop record: give the journal directory: -o JOURNAL (or --config FILE)", r.errLines().get(0));
  }

  @Test
  void aConfiguredRecorderRecordsAndRestartedContinuesItsJournal() throws Exception {
    KernelTestSupport.requireKernel();
    Path journal = tmp.resolve("journal");
    String config = "journal = " + journal + "   # where\nmax-age = 5m\nprotocol = tcp\ninterval = 500ms\n";
    Cli.Result first = recordWith(config, "--duration", "1s");
    assertEquals(0, first.exit(), first.err());
    // The command line's options win over the file's: a second run with a shorter interval.
    Cli.Result second = recordWith(config, "--duration", "1s", "--interval", "250ms");
    assertEquals(0, second.exit(), second.err());
    // One journal, two sessions; the second ticks at the command line's interval.
    Cli.Result ticks = Cli.analyze("sql", journal.toString(),
        "select kind, ts_ns from events where kind in ('start', 'tick') order by ts_ns", "--format", "csv");
    assertEquals(0, ticks.exit(), ticks.err());
    List<String> rows = ticks.outLines().subList(1, ticks.outLines().size());
    int secondStart = 0;
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).startsWith("start,")) {
        secondStart = i;
      }
    }
    assertTrue(secondStart > 0, rows.toString());
    assertEquals(500_000_000L, gap(rows, 1), rows.toString());
    assertEquals(250_000_000L, gap(rows, secondStart + 1), rows.toString());
  }

  /** The time between the tick at {@code i} and the next, from "kind,ts_ns" rows. */
  static long gap(List<String> rows, int i) {
    return Long.parseLong(rows.get(i + 1).split(",")[1]) - Long.parseLong(rows.get(i).split(",")[1]);
  }
}
