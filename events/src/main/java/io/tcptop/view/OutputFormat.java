package io.tcptop.view;

import io.tcptop.aggregate.TickListener;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The output formats of the live view and replay. */
public enum OutputFormat {
  text, jsonl, csv;

  /** The view with times in UTC. */
  public TickListener view(PrintWriter out) {
    return view(out, ZoneOffset.UTC);
  }

  /** The view with times in {@code zone}: the text view's clock, and {@code ts} with the zone's offset. */
  public TickListener view(PrintWriter out, ZoneId zone) {
    Timestamps t = Timestamps.in(zone);
    return switch (this) {
      case text -> new TextView(out, t);
      case jsonl -> new JsonlView(out, t);
      case csv -> new CsvView(out, t);
    };
  }
}
