package io.tcptop.view;

import io.tcptop.aggregate.ConnectionLine;
import io.tcptop.aggregate.TickListener;
import java.io.PrintWriter;
import java.util.List;

/** One JSON object per connection per tick, keyed by the {@link LineColumns}' names. */
final class JsonlView implements TickListener, LineColumns.Sink {
  private static final String[] KEYS = LineColumns.ALL.stream()
      .map(c -> "\"" + c.name() + "\":").toArray(String[]::new);
  private final PrintWriter out;
  private final Timestamps timestamps;
  private final StringBuilder sb = new StringBuilder(320);
  private int column;

  public JsonlView(PrintWriter out, Timestamps timestamps) {
    this.out = out;
    this.timestamps = timestamps;
  }

  @Override
  public void onTick(long tsNs, long epochNs, List<ConnectionLine> lines) {
    if (lines.isEmpty()) {
      return;
    }
    for (ConnectionLine l : lines) {
      sb.setLength(0);
      column = 0;
      LineColumns.write(l, this);
      out.println(sb.append('}'));
    }
    out.flush();
  }

  private StringBuilder key() {
    return sb.append(column == 0 ? '{' : ',').append(KEYS[column++]);
  }

  @Override
  public void timestamp(long epochNs) {
    key().append('"').append(timestamps.iso(epochNs)).append('"');
  }

  @Override
  public void string(String value) {
    Escapes.json(key(), value);
  }

  @Override
  public void integer(long value) {
    key().append(value);
  }

  @Override
  public void rate(double bytesPerSecond) {
    key().append(LineColumns.rateText(bytesPerSecond));
  }

  @Override
  public void bool(boolean value) {
    key().append(value);
  }

  @Override
  public void none() {
    key().append("null");
  }
}
