package io.tcptop.top;

import io.tcptop.event.TcpState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One TCP state a connection entered, at the event's time, linked to the state before it. The
 * list only grows at its head, so a frame keeps the history it saw while later ticks add to it.
 *
 * @param seeded the state was found at the start of the recording (a SEED), not seen changing
 */
public record StateStep(long epochNs, TcpState state, boolean seeded, StateStep previous) {

  /** The last {@code max} steps, oldest first. */
  public List<StateStep> last(int max) {
    List<StateStep> out = new ArrayList<>();
    for (StateStep s = this; s != null && out.size() < max; s = s.previous) {
      out.add(s);
    }
    Collections.reverse(out);
    return out;
  }

  /** How many steps there are in all. */
  public int length() {
    int n = 0;
    for (StateStep s = this; s != null; s = s.previous) {
      n++;
    }
    return n;
  }
}
