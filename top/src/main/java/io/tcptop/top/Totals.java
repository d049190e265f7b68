package io.tcptop.top;

import io.tcptop.event.LossCause;

/**
 * The header's numbers for one tick.
 *
 * @param connections open connections (the frame's rows)
 * @param rateIn bytes/s received over the tick, all connections together
 * @param events traffic events since the start; {@code tickEvents} of them in this tick
 * @param lost events lost since the start; {@code tickLost} of them reported in this tick
 * @param lastLossCause the cause of the latest loss, null when nothing was lost
 * @param lastLossEpochNs when the latest loss was reported
 */
public record Totals(int connections, double rateIn, double rateOut, long events, long tickEvents,
                     long lost, long tickLost, LossCause lastLossCause, long lastLossEpochNs) {}
