/**
 * {@code tcptop top}: the aggregator's ticks as a full-screen view. {@link io.tcptop.top.FrameMaker}
 * turns each tick into a {@link io.tcptop.top.Frame} (every open connection, with its recent past);
 * {@link io.tcptop.top.TopScreen} is the pure screen model (sort, filter, selection, groups, panels)
 * that draws a frame as lines; {@link io.tcptop.top.JournalPlayer} moves through a recording tick by
 * tick; {@link io.tcptop.top.TopLoop} runs the terminal (JLine) and ties them together.
 */
package io.tcptop.top;
