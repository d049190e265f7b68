package io.tcptop.event;

/**
 * The recorder forgot a flow: its TCP socket closed, its UDP socket was released, or its UDP peer
 * stayed idle past expiry. Readers drop its description; its id may be given to a new flow later.
 */
public record FlowGone(long tsNs, int flowId) implements Event {}
