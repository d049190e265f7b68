package io.tcptop.cli.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tcptop.error.TcptopException;
import java.io.IOException;
import java.net.BindException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Prometheus endpoint of a recorder: the Prometheus Java client's HTTP server on two daemon
 * threads, serving {@code /metrics} (Prometheus text, or OpenMetrics when the scraper asks for it)
 * from a registry of its own, which starts with the process's CPU and memory
 * ({@code process_cpu_seconds_total} and the rest of the client's process metrics).
 */
public final class MetricsServer implements AutoCloseable {
  /**
   * Seconds a client has to send its whole request. The JDK's HTTP server waits forever by
   * default, so one connection that sent half a request (any local user, or anyone where the
   * address is not the loopback) held the scrape thread and Prometheus saw the recorder down.
   */
  static final int REQUEST_SECONDS = 5;
  /** Scrapes served at once: a stalled client holds one for at most {@link #REQUEST_SECONDS}. */
  static final int THREADS = 2;

  static {
    // Read once, when the JDK's server first starts: set before any server of this JVM exists.
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
      System.setProperty("sun.net.httpserver.maxReqTime", String.valueOf(REQUEST_SECONDS));
    }
  }

  private final PrometheusRegistry registry;
  private final HTTPServer server;
  private boolean closed;

  private MetricsServer(PrometheusRegistry registry, HTTPServer server) {
    this.registry = registry;
    this.server = server;
  }

  /** Listens now, so that a port in use fails the recorder before it loads anything into the kernel. */
  public static MetricsServer start(MetricsAddress at) {
    PrometheusRegistry registry = new PrometheusRegistry();
    ProcessMetrics.builder().register(registry);
    ExecutorService thread = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "tcptop-metrics");
      t.setDaemon(true);
      return t;
    });
    try {
      HTTPServer server = HTTPServer.builder().inetAddress(at.address()).port(at.port()).registry(registry)
          .executorService(thread).buildAndStart();
      return new MetricsServer(registry, server);
    } catch (BindException e) {
      thread.shutdownNow();
      String why = String.valueOf(e.getMessage());
      throw new TcptopException("--metrics " + at + ": " + (why.contains("in use")
          ? "the port is in use: choose another port, or stop what listens there"
          : "cannot listen there (" + why + "): give an address of this host, e.g. 127.0.0.1:" + at.port()), e);
    } catch (IOException e) {
      thread.shutdownNow();
      throw new TcptopException("--metrics " + at + ": cannot listen there: " + e.getMessage(), e);
    }
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** The port it listens on. */
  public int port() {
    return server.getPort();
  }

  /** Stops listening; again does nothing. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      server.close();
    }
  }
}
