package io.tcptop.record;

import io.tcptop.bpf.BpfException;
import io.tcptop.bpf.ProbeConfig;
import io.tcptop.bpf.TcptopProbes;
import io.tcptop.error.TcptopException;
import io.tcptop.event.EventHandler;
import java.util.function.Consumer;

/**
 * The kernel as an event source: the eBPF probes, their ring buffer and the decoder. The
 * recorder asks it for what is queued; it hands events to the same {@link EventHandler} a
 * journal reader would.
 */
final class KernelSource implements AutoCloseable {
  private final TcptopProbes probes;
  private final KernelDecoder decoder;

  private KernelSource(TcptopProbes probes, FlowRegistry flows) {
    this.probes = probes;
    this.decoder = new KernelDecoder(flows);
  }

  /** Loads and attaches the probes; records queue in the ring until {@link #deliverTo} and a poll. */
  static KernelSource open(ProbeConfig config, Consumer<String> libbpfLog, FlowRegistry flows) {
    try {
      return new KernelSource(TcptopProbes.open(config, libbpfLog), flows);
    } catch (BpfException e) {
      throw new TcptopException(e.getMessage(), e);
    }
  }

  /** Where decoded events go; set once the journal they feed exists. */
  void deliverTo(EventHandler out) {
    decoder.deliverTo(out);
  }

  /** Waits up to {@code timeoutMillis} for records, then decodes all that are queued. */
  int poll(int timeoutMillis) {
    return probes.ringBuffer().poll(timeoutMillis, decoder);
  }

  /** Decodes everything already queued, without waiting. */
  int drain() {
    return probes.ringBuffer().drain(decoder);
  }

  /** Records the kernel could not queue (ring buffer full), since the probes were loaded. */
  long kernelDrops() {
    return probes.lostRecords();
  }

  /** Records that reached user space but could not be decoded or attributed. */
  long decodeErrors() {
    return decoder.decodeErrors();
  }

  long records() {
    return decoder.records();
  }

  @Override
  public void close() {
    probes.close();
  }
}
