package io.tcptop.event;

/** Direction of a transfer, seen from the local socket. */
public enum Direction { SEND, RECV }
