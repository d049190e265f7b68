package io.tcptop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcptop.analyze.testing.TestJournals;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several hundred damaged copies of real journals (cut short, bytes flipped in headers and
 * payloads, ranges zeroed, files swapped, symlinks, FIFOs, directories in place of files): replay
 * never hangs, never prints a stack trace or "internal error", and every error is one line that
 * names the journal. Deterministic (fixed seed); a case that fails says what was done to it.
 */
class DamagedJournalFuzzTest {
  private static final long SEED = 8;
  private static final int RANDOM_CASES_PER_JOURNAL = 40;
  /** Chronicle's own stalls on damaged files last 10 s; a case must never come near that. */
  private static final long CASE_TIMEOUT_MS = 4_000;
  private static final Pattern CLASS_NAME = Pattern.compile("\\b[A-Z]\\w*(Exception|Error)\\b");

  @TempDir Path tmp;
  private ExecutorService runner = newRunner();
  private final PrintStream realOut = System.out;
  private final PrintStream realErr = System.err;

  @AfterEach
  void stop() {
    runner.shutdownNow();
  }

  /** One way to damage a journal; returns what it did, for the failure message. */
  interface Damage {
    String apply(Path dir, Random r) throws Exception;
  }

  @Test
  void everyDamagedCopyEndsInOneLineNamingTheJournalAndNeverHangs() throws Exception {
    Map<String, Path> sources = new LinkedHashMap<>();
    Map<String, Path> fixtures = TestJournals.fixtures();
    for (String name : List.of("tcp-v4", "recorded-loopback")) {
      sources.put(name, fixtures.get("fixture " + name));
    }
    sources.put("busy", TestJournals.generated().get("busy")); // many batches
    sources.put("midnight", TestJournals.generated().get("midnight")); // two cycle files
    Path spare = copy(fixtures.get("fixture tcp-v6"), tmp.resolve("spare"));

    Map<String, String> clean = new LinkedHashMap<>();
    for (var e : sources.entrySet()) {
      Cli.Result r = Cli.run("replay", e.getValue().toString());
      assertEquals(0, r.exit(), r.err());
      clean.put(e.getKey(), r.out());
    }

    List<Damage> kinds = randomKinds(spare);
    Random random = new Random(SEED);
    List<String> failures = new ArrayList<>();
    Map<Integer, Integer> exits = new TreeMap<>();
    int cases = 0;
    long started = System.nanoTime();
    for (var source : sources.entrySet()) {
      List<Damage> all = new ArrayList<>(fixedKinds(spare));
      for (int i = 0; i < RANDOM_CASES_PER_JOURNAL; i++) {
        all.add(kinds.get(random.nextInt(kinds.size())));
      }
      for (Damage damage : all) {
        Path dir = copy(source.getValue(), tmp.resolve("case-" + cases++));
        String what = source.getKey() + ": " + damage.apply(dir, random);
        Outcome o = replay(dir);
        exits.merge(o.exit, 1, Integer::sum);
        String problem = problem(dir, o, clean.get(source.getKey()));
        if (problem != null) {
          failures.add(what + " -> " + problem + "\n    exit " + o.exit + ", stderr: " + o.err.strip()
              + (o.stray.isBlank() ? "" : "\n    printed directly: " + o.stray.strip()));
        }
        TestJournals.deleteTree(dir);
      }
    }
    realOut.printf("damaged journals: %d cases in %.1f s, exit codes %s, %d failed%n",
        cases, (System.nanoTime() - started) / 1e9, exits, failures.size());
    assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " damaged journals were reported badly:\n"
        + String.join("\n", failures));
  }

  /** What is wrong with how tcptop reported a damaged journal, or null. */
  private static String problem(Path dir, Outcome o, String cleanOut) {
    if (o.exit == -1) {
      return "no answer within " + CASE_TIMEOUT_MS + " ms";
    }
    if (o.exit != 0 && o.exit != 1 && o.exit != 3) {
      return "exit code " + o.exit;
    }
    if (o.err.contains("internal error")) {
      return "internal error";
    }
    if (o.err.contains("\tat ") || o.stray.contains("\tat ")) {
      return "stack trace";
    }
    if (!o.stray.isBlank()) {
      return "printed outside tcptop's error reporting";
    }
    if (CLASS_NAME.matcher(o.err).find()) {
      return "a Java class name instead of what is wrong";
    }
    List<String> lines = o.err.lines().toList();
    if (lines.isEmpty() || !lines.stream().allMatch(l -> l.contains(dir.toString()))) {
      return "a line on stderr that does not name the journal";
    }
    if (o.exit == 1 && (lines.size() != 1 || !lines.getFirst().startsWith("tcptop: "))) {
      return "not one line starting 'tcptop: '";
    }
    if (o.exit == 0 && !o.out.equals(cleanOut) && !(o.err.contains("half-written") || o.err.contains("no END"))) {
      return "exit 0 with other output than the intact journal, and no note that anything is missing";
    }
    return null;
  }

  record Outcome(int exit, String out, String err, String stray) {}

  /** Runs 'tcptop replay DIR' in-process with a deadline; -1 when it did not finish. */
  private Outcome replay(Path dir) throws Exception {
    ByteArrayOutputStream stray = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(stray, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      Future<Cli.Result> f = runner.submit(() -> Cli.run("replay", dir.toString()));
      try {
        Cli.Result r = f.get(CASE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        return new Outcome(r.exit(), r.out(), r.err(), stray.toString(StandardCharsets.UTF_8));
      } catch (TimeoutException e) {
        f.cancel(true);
        runner.shutdownNow();
        runner = newRunner(); // the stuck thread may never return (a FIFO open blocks for good)
        return new Outcome(-1, "", "", stray.toString(StandardCharsets.UTF_8));
      }
    } finally {
      System.setOut(realOut);
      System.setErr(realErr);
    }
  }

  private static ExecutorService newRunner() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "damaged-journal-replay");
      t.setDaemon(true);
      return t;
    });
  }

  /** Damage every journal gets once. */
  private static List<Damage> fixedKinds(Path spare) {
    return List.of(
        (d, r) -> fifo(firstCycle(d)),
        (d, r) -> fifo(d.resolve("metadata.cq4t")),
        (d, r) -> symlink(firstCycle(d), firstCycle(spare)),
        (d, r) -> symlink(d.resolve("metadata.cq4t"), spare.resolve("metadata.cq4t")),
        (d, r) -> symlink(firstCycle(d), d.resolve("nowhere")),
        (d, r) -> directoryInstead(firstCycle(d)),
        (d, r) -> directoryInstead(d.resolve("metadata.cq4t")),
        (d, r) -> zeroRange(d.resolve("metadata.cq4t"), 8, 1),
        (d, r) -> truncate(firstCycle(d), 0),
        (d, r) -> truncate(d.resolve("metadata.cq4t"), 0),
        (d, r) -> truncate(d.resolve("metadata.cq4t"), 100),
        (d, r) -> swapNames(firstCycle(d), d.resolve("metadata.cq4t")),
        (d, r) -> replaceWith(d.resolve("metadata.cq4t"), spare.resolve("metadata.cq4t")),
        (d, r) -> junkFile(d.resolve("20200101F.cq4"), r, 300_000),
        (d, r) -> { Files.delete(d.resolve("metadata.cq4t")); return "deleted metadata.cq4t"; });
  }

  /** Damage drawn at random, with random places and sizes. */
  private static List<Damage> randomKinds(Path spare) {
    return List.of(
        (d, r) -> {
          Path c = anyCycle(d, r);
          return truncate(c, r.nextInt(Math.max(1, dataEnd(c))));
        },
        (d, r) -> truncate(anyCycle(d, r), r.nextInt(4096)),
        (d, r) -> truncate(d.resolve("metadata.cq4t"), r.nextInt(131_072)),
        (d, r) -> flip(anyCycle(d, r), r.nextInt(512), r),
        (d, r) -> flip(d.resolve("metadata.cq4t"), r.nextInt(1024), r),
        (d, r) -> {
          Path c = anyCycle(d, r);
          return flip(c, 512 + r.nextInt(Math.max(1, dataEnd(c) - 512)), r);
        },
        (d, r) -> {
          Path c = anyCycle(d, r);
          return flip(c, 512 + r.nextInt(Math.max(1, dataEnd(c) - 512)), r);
        },
        (d, r) -> {
          Path c = anyCycle(d, r);
          return zeroRange(c, r.nextInt(Math.max(1, dataEnd(c))), 1 + r.nextInt(8192));
        },
        (d, r) -> zeroRange(d.resolve("metadata.cq4t"), r.nextInt(4096), 1 + r.nextInt(512)),
        (d, r) -> {
          Path c = anyCycle(d, r);
          return junkRange(c, r.nextInt(Math.max(1, dataEnd(c))), 1 + r.nextInt(2048), r);
        },
        (d, r) -> junkFile(anyCycle(d, r), r, r.nextInt(400_000)));
  }

  // --- the damage ---

  private static String truncate(Path f, long length) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(length);
    }
    return f.getFileName() + " cut to " + length + " bytes";
  }

  private static String flip(Path f, long at, Random r) throws IOException {
    int mask = 1 + r.nextInt(255);
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      if (at >= raf.length()) {
        return f.getFileName() + " unchanged (shorter than " + at + ")";
      }
      raf.seek(at);
      int b = raf.read();
      raf.seek(at);
      raf.write(b ^ mask);
    }
    return f.getFileName() + " byte " + at + " xor " + mask;
  }

  private static String zeroRange(Path f, long at, int length) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.seek(at);
      raf.write(new byte[length]);
    }
    return f.getFileName() + " zeroed " + length + " bytes at " + at;
  }

  private static String junkRange(Path f, long at, int length, Random r) throws IOException {
    byte[] junk = new byte[length];
    r.nextBytes(junk);
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.seek(at);
      raf.write(junk);
    }
    return f.getFileName() + " " + length + " random bytes at " + at;
  }

  private static String junkFile(Path f, Random r, int length) throws IOException {
    byte[] junk = new byte[length];
    r.nextBytes(junk);
    Files.deleteIfExists(f);
    Files.write(f, junk);
    return f.getFileName() + " replaced by " + length + " random bytes";
  }

  private static String fifo(Path f) throws Exception {
    Files.delete(f);
    Process p = new ProcessBuilder("mkfifo", f.toString()).inheritIO().start();
    assertEquals(0, p.waitFor());
    return f.getFileName() + " replaced by a FIFO";
  }

  private static String symlink(Path f, Path target) throws IOException {
    Files.delete(f);
    Files.createSymbolicLink(f, target);
    return f.getFileName() + " replaced by a symlink to " + target;
  }

  private static String directoryInstead(Path f) throws IOException {
    Files.delete(f);
    Files.createDirectory(f);
    return f.getFileName() + " replaced by a directory";
  }

  private static String swapNames(Path a, Path b) throws IOException {
    Path t = a.resolveSibling("swap.tmp");
    Files.move(a, t);
    Files.move(b, a);
    Files.move(t, b);
    return a.getFileName() + " and " + b.getFileName() + " swapped";
  }

  private static String replaceWith(Path f, Path other) throws IOException {
    Files.copy(other, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return f.getFileName() + " replaced by " + other + " (another journal's)";
  }

  // --- helpers ---

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
    return to;
  }

  private static List<Path> cycles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".cq4")
          && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    }
  }

  private static Path firstCycle(Path dir) throws IOException {
    return cycles(dir).getFirst();
  }

  private static Path anyCycle(Path dir, Random r) throws IOException {
    List<Path> c = cycles(dir);
    return c.get(r.nextInt(c.size()));
  }

  /** One past the last non-zero byte: where the written part of a cycle file ends. */
  private static int dataEnd(Path f) throws IOException {
    byte[] b = Files.readAllBytes(f);
    int end = b.length;
    while (end > 0 && b[end - 1] == 0) {
      end--;
    }
    return end;
  }
}
