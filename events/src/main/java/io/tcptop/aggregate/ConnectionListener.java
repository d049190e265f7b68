package io.tcptop.aggregate;

/**
 * Hears the aggregator's decisions about each connection's life, so that whatever records
 * connections (the Parquet {@code connections} dataset) agrees with what replay prints and
 * never re-derives when a connection ended.
 */
public interface ConnectionListener {
  ConnectionListener NONE = ended -> { };

  /** A connection ended: it closed, it expired (UDP), or the stream ended while it was open. */
  void ended(ConnectionRecord connection);
}
