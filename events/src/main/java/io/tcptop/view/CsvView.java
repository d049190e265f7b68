package io.tcptop.view;

import io.tcptop.aggregate.ConnectionLine;
import io.tcptop.aggregate.TickListener;
import io.tcptop.event.SessionStart;
import java.io.PrintWriter;
import java.util.List;

/** RFC 4180 CSV: the {@link LineColumns}, header first. */
final class CsvView implements TickListener, LineColumns.Sink {
  static final String HEADER = String.join(",", LineColumns.ALL.stream().map(LineColumns.Column::name).toList());
  private final PrintWriter out;
  private final Timestamps timestamps;
  private final StringBuilder sb = new StringBuilder(256);
  private boolean headerPrinted;

  public CsvView(PrintWriter out, Timestamps timestamps) {
    this.out = out;
    this.timestamps = timestamps;
  }

  @Override
  public void onStart(SessionStart header) {
    printHeaderOnce();
  }

  @Override
  public void onTick(long tsNs, long epochNs, List<ConnectionLine> lines) {
    if (lines.isEmpty()) {
      return;
    }
    printHeaderOnce();
    for (ConnectionLine l : lines) {
      sb.setLength(0);
      LineColumns.write(l, this);
      sb.setLength(sb.length() - 1);
      out.println(sb);
    }
    out.flush();
  }

  @Override
  public void timestamp(long epochNs) {
    sb.append(timestamps.iso(epochNs)).append(',');
  }

  @Override
  public void string(String value) {
    sb.append(Escapes.csv(value)).append(',');
  }

  @Override
  public void integer(long value) {
    sb.append(value).append(',');
  }

  @Override
  public void rate(double bytesPerSecond) {
    sb.append(LineColumns.rateText(bytesPerSecond)).append(',');
  }

  @Override
  public void bool(boolean value) {
    sb.append(value).append(',');
  }

  @Override
  public void none() {
    sb.append(',');
  }

  private void printHeaderOnce() {
    if (!headerPrinted) {
      headerPrinted = true;
      out.println(HEADER);
    }
  }
}
