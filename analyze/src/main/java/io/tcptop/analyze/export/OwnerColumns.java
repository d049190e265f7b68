package io.tcptop.analyze.export;

import io.tcptop.analyze.parquet.Column;
import io.tcptop.analyze.parquet.ParquetFile;
import io.tcptop.analyze.parquet.Table;
import io.tcptop.event.Cgroup;
import io.tcptop.event.Flow;

/**
 * A flow's owner as columns ({@code flows} and {@code connections}): its cgroup's id and path, the
 * runtime, container and pod the path names, the socket's network namespace. NULL where unknown,
 * as in journals recorded before there were owners.
 */
final class OwnerColumns {
  private OwnerColumns() {}

  static final String[] NAMES = {"cgroup_id", "cgroup", "runtime", "container", "pod", "netns"};

  static Column[] of(Table table) {
    Column[] columns = new Column[NAMES.length];
    for (int i = 0; i < NAMES.length; i++) {
      columns[i] = table.column(NAMES[i]);
    }
    return columns;
  }

  static void put(ParquetFile file, Column[] columns, Flow flow) {
    Cgroup c = flow.cgroup();
    if (c.id() == 0) {
      file.slot(columns[0]).putNull();
    } else {
      file.slot(columns[0]).putLong(c.id());
    }
    string(file, columns[1], c.path());
    string(file, columns[2], c.runtime());
    string(file, columns[3], c.container());
    string(file, columns[4], c.pod());
    if (flow.netns() == 0) {
      file.slot(columns[5]).putNull();
    } else {
      file.slot(columns[5]).putLong(flow.netns());
    }
  }

  private static void string(ParquetFile file, Column column, String value) {
    if (value.isEmpty()) {
      file.slot(column).putNull();
    } else {
      file.slot(column).putString(Strings.binaryOf(value));
    }
  }
}
