package io.tcptop.top;

/** How the table gathers connections into rows with totals: not at all, by process ('t'), by cgroup ('c'). */
enum Grouping {
  NONE,
  PROCESS,
  CGROUP;

  /** The grouping a key asks for: pressed again, it goes back to no grouping. */
  Grouping toggle(Grouping asked) {
    return this == asked ? NONE : asked;
  }
}
