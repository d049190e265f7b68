package io.tcptop.cli.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium, headless, driven through its own chromedriver: a real browser with the
 * network switched off. Selenium is given both paths, so it never looks for (or downloads) a
 * browser or a driver.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /**
   * Runs before any script of a page: keeps every console error and uncaught exception, so a
   * test sees those of the page's first moments too.
   */
  private static final String ERROR_TRAP = """
      window.__errors = [];
      (function () {
        var error = console.error.bind(console);
        console.error = function () {
          window.__errors.push(Array.prototype.map.call(arguments, String).join(' '));
          error.apply(null, arguments);
        };
        window.addEventListener('error', function (e) {
          window.__errors.push('uncaught: ' + (e.message || e.type) + ' at ' + (e.filename || '') + ':' + (e.lineno || 0));
        }, true);
        window.addEventListener('unhandledrejection', function (e) {
          window.__errors.push('unhandled rejection: ' + e.reason);
        });
      })();
      """;

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  static Browser start() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException("the report tests need Chromium and its driver: apt-get install -y chromium chromium-driver");
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("tcptop-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // Without the background-networking switches Chromium calls home on a closed network.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
        "--disable-extensions", "--user-data-dir=" + profile, "--window-size=1400,1000",
        // Any request the page makes goes to a proxy that is not there.
        "--proxy-server=127.0.0.1:9");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of(
        "offline", true, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", ERROR_TRAP));
    return new Browser(driver, profile);
  }

  /** Opens a local file and waits until its charts have drawn (or it gave up). */
  void open(Path file) {
    drainLogs();
    driver.get(file.toUri().toString());
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!Boolean.TRUE.equals(js("return !!(window.tcptopReport && window.tcptopReport.rendered) || window.__errors.length > 0"))
        && System.nanoTime() < deadline) {
      sleep(50);
    }
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Console errors and uncaught exceptions since the page began, from the page and from Chromium's log. */
  List<String> errors() {
    List<String> errors = new ArrayList<>();
    Object trapped = js("return window.__errors || []");
    if (trapped instanceof List<?> l) {
      l.forEach(e -> errors.add(String.valueOf(e)));
    }
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      if (e.getLevel().intValue() >= Level.WARNING.intValue()) {
        errors.add("console: " + e.getMessage());
      }
    }
    return errors;
  }

  /** Every URL the page asked for since it was opened (from Chromium's network events). */
  List<String> requests() {
    List<String> urls = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
      String m = e.getMessage();
      if (m.contains("\"Network.requestWillBeSent\"")) {
        var url = java.util.regex.Pattern.compile("\"request\":\\{.*?\"url\":\"([^\"]*)\"").matcher(m);
        urls.add(url.find() ? url.group(1) : m);
      }
    }
    return urls;
  }

  void screenshot(Path png, int width, int height) {
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
    try {
      Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void drainLogs() {
    driver.manage().logs().get(LogType.BROWSER);
    driver.manage().logs().get(LogType.PERFORMANCE);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var s = Files.walk(profile)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // A temporary profile.
      }
    }
  }
}
