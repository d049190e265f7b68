package io.tcptop.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The window a rolling journal keeps: at most {@code maxAgeMs} of history and {@code maxBytes} of
 * disk, counted in whole roll cycles, never fewer than {@code minCycles} of them. Whole cycles make
 * the bound loose by at most one cycle (the oldest kept cycle may begin up to one cycle before the
 * window; the newest, being written, may add up to one cycle's worth of bytes).
 *
 * @param maxAgeMs 0 for no age limit
 * @param maxBytes 0 for no size limit; counted as allocated blocks, since cycle files are sparse
 */
public record Retention(long maxAgeMs, long maxBytes, int minCycles) {

  /** One cycle file, oldest first in the lists below. */
  public record CycleFile(Path path, long startEpochMs, long lengthMs, long allocatedBytes) {
    long endEpochMs() {
      return startEpochMs + lengthMs;
    }
  }

  public Retention {
    if (maxAgeMs < 0 || maxBytes < 0 || minCycles < 1) {
      throw new IllegalArgumentException("bad retention " + maxAgeMs + " ms, " + maxBytes + " bytes, " + minCycles + " cycles");
    }
  }

  public boolean keepsEverything() {
    return maxAgeMs == 0 && maxBytes == 0;
  }

  /** The oldest files to delete now so that the rest fits the window; the newest are never among them. */
  public List<Path> toDelete(List<CycleFile> oldestFirst, long nowEpochMs) {
    List<Path> delete = new ArrayList<>();
    long total = 0;
    for (CycleFile f : oldestFirst) {
      total += f.allocatedBytes();
    }
    int deletable = Math.max(0, oldestFirst.size() - minCycles);
    for (int i = 0; i < deletable; i++) {
      CycleFile f = oldestFirst.get(i);
      boolean tooOld = maxAgeMs > 0 && f.endEpochMs() <= nowEpochMs - maxAgeMs;
      boolean tooBig = maxBytes > 0 && total > maxBytes;
      if (!tooOld && !tooBig) {
        break;
      }
      delete.add(f.path());
      total -= f.allocatedBytes();
    }
    return delete;
  }
}
