package io.tcptop.record;

import io.tcptop.bpf.Cgroup2Mount;
import io.tcptop.event.Cgroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Turns the cgroup ids the kernel reports into cgroups with their paths, once per id: the
 * recorder writes names into the journal, so that it reads the same anywhere. Off the hot path:
 * only a flow's description asks, and a known id costs a lookup.
 *
 * <p>An id not seen yet is looked up where it is cheap and exact: the cgroup that
 * {@code /proc/PID/task/TID/cgroup} names for the thread that reported it, if that directory's
 * inode is the id (the thread may have moved or exited since). Otherwise the whole hierarchy is
 * walked, at most once per {@link #WALK_INTERVAL_NS}, so that a burst of unknown ids costs one
 * walk and never stalls the recording loop. An id asked for between two walks is pending: the next
 * walk that is due ({@link #walkForPending}, at a tick) looks for it, and the flows that carry it
 * are described again with its path. An id a walk did not find belongs to a cgroup removed before
 * the recorder looked (a container that exited at once): it is kept as unresolved.
 */
final class CgroupNames {
  static final long WALK_INTERVAL_NS = 1_000_000_000L;
  /** Ids remembered at most (the least recently used go first): a host's cgroups, with room to spare. */
  static final int CAPACITY = 65_536;

  private final Optional<Cgroup2Mount> mount;
  private final Path proc;
  private final LongSupplier nanoClock;
  private final Map<Long, Cgroup> known = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Cgroup> eldest) {
      return size() > CAPACITY;
    }
  };
  /** Ids asked for since the last walk and not found without one. */
  private final Set<Long> pending = new HashSet<>();
  private long lastWalkNs = Long.MIN_VALUE;
  private long walks;

  /**
   * @param mount the cgroup v2 hierarchy; empty on a host without one, where every id is unknown
   * @param proc where /proc is (tests give a directory of their own)
   */
  CgroupNames(Optional<Cgroup2Mount> mount, Path proc, LongSupplier nanoClock) {
    this.mount = mount;
    this.proc = proc;
    this.nanoClock = nanoClock;
  }

  /** This host's hierarchy, as the kernel's ids name it. */
  static CgroupNames ofThisHost(Optional<Cgroup2Mount> mount) {
    return new CgroupNames(mount, Path.of("/proc"), System::nanoTime);
  }

  /** Knows nothing: for decoding without a host (tests of records that carry no cgroup). */
  static CgroupNames none() {
    return new CgroupNames(Optional.empty(), Path.of("/proc"), System::nanoTime);
  }

  /** Walks of the whole hierarchy so far. */
  long walks() {
    return walks;
  }

  /**
   * The cgroup with this id, which thread {@code tid} of process {@code pid} reported (either may
   * be 0 when unknown); {@link Cgroup#NONE} for id 0 or a host without cgroup v2.
   */
  Cgroup of(long id, int pid, int tid) {
    if (id == 0 || mount.isEmpty()) {
      return Cgroup.NONE;
    }
    Cgroup c = known.get(id);
    if (c != null) {
      return c;
    }
    if (pid > 0) {
      String path = pathOfTask(pid, tid);
      if (path != null) {
        c = ofPath(path);
        if (c.id() == id) {
          return c;
        }
      }
    }
    pending.add(id);
    return walkIfDue() ? known.get(id) : Cgroup.unresolved(id);
  }

  /**
   * Walks the hierarchy if ids wait for it and a walk is due; returns whether it did. Each pending
   * id then has its answer in {@link #known}: its path, or unresolved for good.
   */
  boolean walkForPending() {
    return !pending.isEmpty() && walkIfDue();
  }

  /** The cgroup with this id as far as it is known, without looking: null when never asked for. */
  Cgroup known(long id) {
    return known.get(id);
  }

  /** The cgroup at {@code path} ({@code /system.slice/x}) as it is now; {@link Cgroup#NONE} if it does not exist. */
  Cgroup ofPath(String path) {
    if (mount.isEmpty() || path.isEmpty()) {
      return Cgroup.NONE;
    }
    Optional<Path> dir = mount.get().directoryOf(path);
    long id = dir.map(CgroupTree::inode).orElse(-1L);
    if (id <= 0) {
      return Cgroup.NONE;
    }
    Cgroup c = known.get(id);
    if (c == null || !c.path().equals(path)) {
      c = Cgroup.of(id, path);
      known.put(id, c);
    }
    return c;
  }

  /** The cgroup v2 path of a process's thread, from /proc; null when it is gone. */
  String pathOfTask(int pid, int tid) {
    Path file = tid > 0 && tid != pid ? proc.resolve(pid + "/task/" + tid + "/cgroup") : proc.resolve(pid + "/cgroup");
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith("0::")) {
          return line.substring(3);
        }
      }
    } catch (IOException e) {
      // exited
    }
    return null;
  }

  private boolean walkIfDue() {
    long now = nanoClock.getAsLong();
    if (lastWalkNs != Long.MIN_VALUE && now - lastWalkNs < WALK_INTERVAL_NS) {
      return false;
    }
    lastWalkNs = now;
    walks++;
    Cgroup2Mount m = mount.get();
    Set<Long> sought = new HashSet<>(pending);
    pending.clear();
    CgroupTree.walk(m, (dir, id) -> {
      if (!known.containsKey(id)) {
        known.put(id, Cgroup.of(id, m.pathOf(dir)));
      }
    });
    // Looked everywhere, now: what is still missing was removed before we looked. Ids are never reused.
    for (Long id : sought) {
      known.putIfAbsent(id, Cgroup.unresolved(id));
    }
    return true;
  }
}
