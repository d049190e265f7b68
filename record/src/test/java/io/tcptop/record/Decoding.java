package io.tcptop.record;

import io.tcptop.event.Direction;
import io.tcptop.event.Event;
import io.tcptop.event.EventHandler;
import io.tcptop.event.Flow;
import io.tcptop.event.Traffic;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link KernelDecoder} over a fresh {@link FlowRegistry}, fed records the way the ring hands
 * them over, keeping every event it emits (traffic as {@link Traffic} records). No kernel.
 */
final class Decoding implements EventHandler {
  /** Where a record sits in the buffer handed to the decoder, as in the ring: not at 0. */
  private static final int OFFSET = 8;

  final FlowRegistry flows;
  final KernelDecoder decoder;
  private final List<Event> events = new ArrayList<>();

  Decoding() {
    this(CgroupNames.none());
  }

  /** Decodes with cgroup ids resolved by {@code cgroups}. */
  Decoding(CgroupNames cgroups) {
    flows = new FlowRegistry(cgroups);
    decoder = new KernelDecoder(flows);
    decoder.deliverTo(this);
  }

  /** Decodes {@code records} in order; returns the events they produced. */
  List<Event> feed(byte[]... records) {
    int before = events.size();
    for (byte[] record : records) {
      feedPrefix(record, record.length);
    }
    return List.copyOf(events.subList(before, events.size()));
  }

  /**
   * Hands the decoder only the first {@code length} bytes of {@code record}. The buffer holds
   * the whole record and junk around it, so only the length can tell the decoder to stop.
   */
  List<Event> feedPrefix(byte[] record, int length) {
    int before = events.size();
    byte[] buffer = new byte[OFFSET + record.length + 16];
    Arrays.fill(buffer, (byte) 0x5a);
    System.arraycopy(record, 0, buffer, OFFSET, record.length);
    decoder.onRecord(MemorySegment.ofArray(buffer), OFFSET, length);
    return List.copyOf(events.subList(before, events.size()));
  }

  /** What the registry does at a tick (the recording loop calls it after each Tick): the events it emits. */
  List<Event> tick(long ts) {
    int before = events.size();
    flows.resolvePendingCgroups(ts, this);
    return List.copyOf(events.subList(before, events.size()));
  }

  /** Forgets the events kept so far (a long feed keeps memory flat). */
  void clear() {
    events.clear();
  }

  long decodeErrors() {
    return decoder.decodeErrors();
  }

  @Override
  public void onTraffic(long tsNs, Flow flow, Direction direction, int bytes) {
    events.add(new Traffic(tsNs, flow, direction, bytes));
  }

  @Override
  public void onEvent(Event event) {
    events.add(event);
  }
}
