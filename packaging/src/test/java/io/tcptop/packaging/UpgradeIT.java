package io.tcptop.packaging;

import static io.tcptop.packaging.InstalledPackage.shippedConfig;
import static io.tcptop.packaging.Host.ok;
import static io.tcptop.packaging.Host.run;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade (the built package again as the next version, installed with apt over this one)
 * keeps what the administrator and the recorder made: the edited configuration, the journals,
 * the tcptop user and group, and the installed tcptop still runs and reads the old journal.
 */
@ExtendWith(InstalledPackage.class)
@Order(5)
class UpgradeIT {
  static final String NEXT = "0.1.0+upgrade1";
  @TempDir static Path tmp;

  @Test
  void anUpgradeKeepsTheSettingsTheJournalsAndTheUser() throws Exception {
    if (!Files.isDirectory(Recorder.JOURNAL)) {
      try (Recorder r = Recorder.start(tmp.resolve("recorder.log"))) {
        Thread.sleep(1_000);
        assertEquals(0, r.stop(), r.output());
      }
    }
    String edited = shippedConfig() + "\n# the administrator's\nport = 5432\n";
    Files.writeString(Recorder.CONFIG, edited);
    String user = ok(List.of("getent", "passwd", "tcptop"));
    String group = ok(List.of("getent", "group", "tcptop"));
    List<String> journal = journalFiles();
    String sessions = sessions();

    Host.Run r = run(List.of("apt-get", "install", "-y", "-q", nextVersion().toString()), Map.of("DEBIAN_FRONTEND", "noninteractive"), 600);
    assertEquals(0, r.exit(), r.both());

    assertEquals(NEXT, ok(List.of("dpkg-query", "-W", "-f=${Version}", "tcptop")));
    assertEquals(edited, Files.readString(Recorder.CONFIG), "the edited configuration is kept");
    assertEquals(user, ok(List.of("getent", "passwd", "tcptop")));
    assertEquals(group, ok(List.of("getent", "group", "tcptop")));
    assertEquals("tcptop:tcptop 750", ok(List.of("stat", "-c", "%U:%G %a", "/var/lib/tcptop")).strip());
    assertTrue(journalFiles().containsAll(journal), "the journal's files are kept");
    assertEquals(sessions, sessions(), "the upgraded tcptop reads the journal");
  }

  /** The built package as version {@link #NEXT}: the same files, a later version. */
  static Path nextVersion() throws Exception {
    Path tree = tmp.resolve("tree");
    ok(List.of("dpkg-deb", "-R", Host.DEB.toString(), tree.toString()));
    Path control = tree.resolve("DEBIAN/control");
    String c = Files.readString(control);
    assertTrue(c.contains("\nVersion: 0.1.0\n"), c);
    Files.writeString(control, c.replace("\nVersion: 0.1.0\n", "\nVersion: " + NEXT + "\n"));
    Path deb = tmp.resolve("tcptop_" + NEXT + "_amd64.deb");
    ok(List.of("dpkg-deb", "-Zgzip", "-z1", "--root-owner-group", "-b", tree.toString(), deb.toString()));
    return deb;
  }

  static List<String> journalFiles() throws Exception {
    try (Stream<Path> s = Files.list(Recorder.JOURNAL)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cq4")).sorted().toList();
    }
  }

  static String sessions() throws Exception {
    Host.Run r = Host.tcptop("analyze", "sql", Recorder.JOURNAL.toString(), "select count(*) from events where kind = 'start'", "--format", "csv");
    assertEquals(0, r.exit(), r.err());
    return r.out();
  }
}
