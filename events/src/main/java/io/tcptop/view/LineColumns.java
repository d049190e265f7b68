package io.tcptop.view;

import io.tcptop.aggregate.ConnectionLine;
import io.tcptop.event.Cgroup;
import io.tcptop.event.Flow;
import io.tcptop.event.TcpState;
import java.util.List;

/**
 * The columns of a connection line, in order: the one list that the CSV and JSONL views and the
 * Parquet {@code bandwidth} dataset share, so a column has one name and one meaning everywhere.
 * {@code bytes_in}/{@code bytes_out} are cumulative; {@code rate_in}/{@code rate_out} are the
 * bytes per second over the tick. The owner's {@code cgroup} (its path), {@code container} (the
 * container id its path names) and the socket's {@code netns} (inode) come last, so that the older
 * columns keep their places; each is empty (null) when unknown, as in journals before format 3.
 */
public final class LineColumns {
  private LineColumns() {}

  /** How a column's values are typed; {@code RATE} is a double that text prints with one decimal. */
  public enum Type { TIMESTAMP, STRING, INT, LONG, RATE, BOOLEAN }

  public record Column(String name, Type type, boolean nullable) {}

  public static final List<Column> ALL = List.of(
      new Column("ts", Type.TIMESTAMP, false),
      new Column("proto", Type.STRING, false),
      new Column("local_addr", Type.STRING, false),
      new Column("local_port", Type.INT, false),
      new Column("remote_addr", Type.STRING, false),
      new Column("remote_port", Type.INT, false),
      new Column("pid", Type.INT, false),
      new Column("comm", Type.STRING, false),
      new Column("state", Type.STRING, true),
      new Column("bytes_in", Type.LONG, false),
      new Column("bytes_out", Type.LONG, false),
      new Column("rate_in", Type.RATE, false),
      new Column("rate_out", Type.RATE, false),
      new Column("rtt_us", Type.INT, true),
      new Column("partial", Type.BOOLEAN, false),
      new Column("closed", Type.BOOLEAN, false),
      new Column("cgroup", Type.STRING, true),
      new Column("container", Type.STRING, true),
      new Column("netns", Type.LONG, true));

  /** Receives one line's values, in the order of {@link #ALL}. */
  public interface Sink {
    void timestamp(long epochNs);

    void string(String value);

    void integer(long value);

    void rate(double bytesPerSecond);

    void bool(boolean value);

    /** A nullable column without a value (no TCP state, no RTT). */
    void none();
  }

  /** A rate as text shows it, in every text format: bytes per second with one decimal. */
  public static String rateText(double bytesPerSecond) {
    return String.format(java.util.Locale.ROOT, "%.1f", bytesPerSecond);
  }

  /** Hands the line's values to {@code sink}, one per column of {@link #ALL}, in order. */
  public static void write(ConnectionLine l, Sink sink) {
    Flow f = l.flow();
    sink.timestamp(l.epochNs());
    sink.string(f.proto().label());
    sink.string(f.localAddr());
    sink.integer(f.localPort());
    sink.string(f.remoteAddr());
    sink.integer(f.remotePort());
    sink.integer(f.pid());
    sink.string(f.comm());
    if (l.state() == TcpState.NONE) {
      sink.none();
    } else {
      sink.string(l.state().name());
    }
    sink.integer(l.bytesIn());
    sink.integer(l.bytesOut());
    sink.rate(l.rateIn());
    sink.rate(l.rateOut());
    if (l.rttUs() < 0) {
      sink.none();
    } else {
      sink.integer(l.rttUs());
    }
    sink.bool(l.partial());
    sink.bool(l.closed());
    Cgroup cgroup = f.cgroup();
    optional(sink, cgroup.path());
    optional(sink, cgroup.container());
    if (f.netns() == 0) {
      sink.none();
    } else {
      sink.integer(f.netns());
    }
  }

  private static void optional(Sink sink, String value) {
    if (value.isEmpty()) {
      sink.none();
    } else {
      sink.string(value);
    }
  }
}
