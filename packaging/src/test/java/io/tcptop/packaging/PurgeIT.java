package io.tcptop.packaging;

import static io.tcptop.packaging.Host.ok;
import static io.tcptop.packaging.Host.run;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * apt-get purge leaves nothing of the package but the journals and exports (and, while they are there, the
 * tcptop user and group that own them, so that no later account inherits their files); with no
 * journals it leaves nothing at all.
 */
@Order(6)
class PurgeIT {
  @BeforeAll
  static void installed() throws Exception {
    Host.requirePackageTests();
    Host.ensureInstalled();
  }

  @Test
  void purgeLeavesOnlyTheJournalsAndExportsAndTheirOwner() throws Exception {
    List<String> before = Files.readAllLines(Host.BEFORE);
    boolean journals = Files.isDirectory(Recorder.JOURNAL);
    Host.Run purge = purge();
    Set<String> left = new TreeSet<>(Host.files());
    left.removeAll(new java.util.HashSet<>(before));
    if (journals) {
      assertTrue(purge.both().contains("tcptop: kept the journals and exports in /var/lib/tcptop and the tcptop user and group that own them"),
          purge.both());
      for (String f : left) {
        assertTrue(f.equals("/var/lib/tcptop") || f.startsWith(Recorder.JOURNAL.toString()) || f.startsWith(ExportHourIT.EXPORT.toString())
            // the append's lock beside the export (.export.append.lock) is the export's own
            || f.startsWith(ExportHourIT.EXPORT.resolveSibling("." + ExportHourIT.EXPORT.getFileName()).toString()),
            "left behind: " + f);
      }
      assertEquals(0, run(List.of("getent", "passwd", "tcptop")).exit());
      // Without its journals, the next purge takes the user, the group and the directory too.
      ok(List.of("rm", "-r", "/var/lib/tcptop"));
      Host.ensureInstalled();
      before = Files.readAllLines(Host.BEFORE);
      purge();
      left = new TreeSet<>(Host.files());
      left.removeAll(new java.util.HashSet<>(before));
    }
    assertEquals(Set.of(), left, "purge left files behind");
    assertNotEquals(0, run(List.of("getent", "passwd", "tcptop")).exit(), "the tcptop user is gone");
    assertNotEquals(0, run(List.of("getent", "group", "tcptop")).exit(), "the tcptop group is gone");
    assertFalse(Host.installed());
  }

  static Host.Run purge() throws Exception {
    Host.Run r = run(List.of("apt-get", "purge", "-y", "-q", "tcptop"), Map.of("DEBIAN_FRONTEND", "noninteractive"), 600);
    assertEquals(0, r.exit(), r.both());
    assertEquals("", run(List.of("dpkg-query", "-W", "-f=${Status}", "tcptop")).out().replace("unknown ok not-installed", ""));
    return r;
  }
}
