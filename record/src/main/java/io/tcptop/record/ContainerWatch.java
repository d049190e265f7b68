package io.tcptop.record;

import io.tcptop.bpf.BpfException;
import io.tcptop.bpf.Cgroup2Mount;
import io.tcptop.bpf.TcptopProbes;
import io.tcptop.util.CgroupPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps the kernel's container filter ({@code --container ID-PREFIX}) up to date: the containers
 * whose id starts with the prefix are found in the cgroup hierarchy when recording starts, and it
 * is looked at again every {@link #PERIOD_MS} ms in a thread of its own, so that a container that
 * starts later is recorded from then on (what it moved in the moment before is not: the kernel
 * did not know it yet). A container's cgroup is added once, at its topmost directory: the kernel
 * filter covers what lies below.
 */
final class ContainerWatch implements AutoCloseable {
  static final long PERIOD_MS = 1_000;

  private final Cgroup2Mount mount;
  private final String prefix;
  private final TcptopProbes probes;
  private final Consumer<String> notes;
  private final Set<Path> added = new HashSet<>();
  private final ScheduledExecutorService timer;
  private boolean full;

  private ContainerWatch(Cgroup2Mount mount, String prefix, TcptopProbes probes, Consumer<String> notes,
                         List<Path> known) {
    this.mount = mount;
    this.prefix = prefix;
    this.probes = probes;
    this.notes = notes;
    this.added.addAll(known);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tcptop-container-watch");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts looking for containers that start later; {@code known} are in the kernel's filter already. */
  static ContainerWatch start(Cgroup2Mount mount, String prefix, TcptopProbes probes, Consumer<String> notes,
                              List<Path> known) {
    ContainerWatch w = new ContainerWatch(mount, prefix, probes, notes, known);
    w.timer.scheduleWithFixedDelay(w::look, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    return w;
  }

  /**
   * The topmost cgroup directory of each container whose id starts with {@code prefix}, in the
   * order the hierarchy lists them.
   */
  static List<Path> matching(Cgroup2Mount mount, String prefix) {
    List<Path> found = new ArrayList<>();
    CgroupTree.walk(mount, (dir, id) -> {
      String container = CgroupPaths.parse(mount.pathOf(dir)).container();
      if (container.isEmpty() || !container.startsWith(prefix)) {
        return;
      }
      Path parent = dir.getParent();
      boolean top = parent == null || !parent.startsWith(mount.mountPoint())
          || !container.equals(CgroupPaths.parse(mount.pathOf(parent)).container());
      if (top) {
        found.add(dir);
      }
    });
    return found;
  }

  private void look() {
    try {
      for (Path dir : matching(mount, prefix)) {
        if (full || added.contains(dir)) {
          continue;
        }
        try {
          if (probes.addContainerCgroup(dir)) {
            added.add(dir);
            notes.accept("--container " + prefix + ": recording " + mount.pathOf(dir) + " too, from now on");
          } else {
            full = true;
            notes.accept("--container " + prefix + ": the kernel's filter holds " + added.size()
                + " containers and is full; containers that start from now on are not recorded");
          }
        } catch (BpfException e) {
          // The container exited between the walk and the open: nothing to record.
        }
      }
    } catch (RuntimeException e) {
      // A look that fails is tried again at the next period; the recording goes on.
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
