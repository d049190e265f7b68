package io.tcptop.analyze.export;

import io.tcptop.analyze.AnalyzeException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Encodes event batches on a second thread while the first keeps reading the journal: Parquet
 * encoding and journal decoding each take about half of an export. A few batches circulate
 * between the two threads; a failure on the writing side is rethrown on the reading side.
 */
final class WriterThread implements AutoCloseable {
  private static final int BATCHES = 8;
  private static final EventBatch END = new EventBatch();

  private final BlockingQueue<EventBatch> full = new ArrayBlockingQueue<>(BATCHES + 1);
  private final BlockingQueue<EventBatch> free = new ArrayBlockingQueue<>(BATCHES);
  private final Thread thread;
  private volatile Throwable failure;
  private boolean finished;

  WriterThread(String name, Consumer<EventBatch> writer) {
    for (int i = 0; i < BATCHES; i++) {
      free.add(new EventBatch());
    }
    thread = Thread.ofPlatform().name(name).daemon().unstarted(() -> run(writer));
    thread.start();
  }

  private void run(Consumer<EventBatch> writer) {
    try {
      while (true) {
        EventBatch b = full.take();
        if (b == END) {
          return;
        }
        writer.accept(b);
        b.clear();
        free.add(b);
      }
    } catch (Throwable t) {
      failure = t;
    }
  }

  /** An empty batch to fill; waits while the writer is behind. */
  EventBatch take() {
    try {
      while (true) {
        EventBatch b = free.poll(100, TimeUnit.MILLISECONDS);
        if (b != null) {
          return b;
        }
        rethrowFailure();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AnalyzeException.io("export: interrupted", e);
    }
  }

  /** Hands a filled batch to the writer. */
  void put(EventBatch b) {
    rethrowFailure();
    full.add(b);
  }

  /** Waits until every batch handed over is written. */
  void finish() {
    if (finished) {
      return;
    }
    finished = true;
    full.add(END);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AnalyzeException.io("export: interrupted", e);
    }
    rethrowFailure();
  }

  /** Stops the writer after a failure on the reading side. */
  @Override
  public void close() {
    if (!finished) {
      finished = true;
      thread.interrupt();
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void rethrowFailure() {
    Throwable t = failure;
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t != null) {
      throw new IllegalStateException(t);
    }
  }
}
