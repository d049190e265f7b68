package io.tcptop.view;

import io.tcptop.aggregate.TickListener;
import java.io.PrintWriter;

/** The output formats of the live view and replay. */
public enum OutputFormat {
  text, jsonl, csv;

  public TickListener view(PrintWriter out) {
    return switch (this) {
      case text -> new TextView(out);
      case jsonl -> new JsonlView(out);
      case csv -> new CsvView(out);
    };
  }
}
