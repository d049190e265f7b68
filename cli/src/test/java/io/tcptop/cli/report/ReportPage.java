package io.tcptop.cli.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a report shows in the browser, read from its DOM and its chart objects. */
final class ReportPage {
  private final Browser browser;

  ReportPage(Browser browser) {
    this.browser = browser;
  }

  /** A value the page shows: its text, and the value it carries (data-value). */
  record Shown(String text, String value) {}

  /** The header's values by column (the first element that names the column). */
  Map<String, Shown> facts() {
    return shown("#facts").get(0);
  }

  /** The loss banner's causes, one map per cause; empty when there is no banner. */
  List<Map<String, Shown>> lossCauses() {
    return shown("#loss .cause");
  }

  /** The table's rows as shown now, each cell by its column. */
  List<Map<String, Shown>> table() {
    return shown("#top-connections tbody tr");
  }

  /** For each element {@code roots} selects, the values inside it by column. */
  @SuppressWarnings("unchecked")
  private List<Map<String, Shown>> shown(String roots) {
    List<Object> all = (List<Object>) browser.js("""
        return Array.prototype.map.call(document.querySelectorAll(arguments[0]), function (root) {
          return Array.prototype.map.call(root.querySelectorAll('[data-column]'), function (e) {
            return [e.getAttribute('data-column'), e.textContent, e.getAttribute('data-value')];
          });
        });""", roots);
    List<Map<String, Shown>> result = new ArrayList<>();
    for (Object root : all) {
      Map<String, Shown> m = new LinkedHashMap<>();
      for (Object c : (List<Object>) root) {
        List<Object> l = (List<Object>) c;
        m.putIfAbsent((String) l.get(0), new Shown((String) l.get(1), (String) l.get(2)));
      }
      result.add(m);
    }
    return result;
  }

  String title() {
    return (String) browser.js("return document.getElementById('title').textContent");
  }

  String documentTitle() {
    return (String) browser.js("return document.title");
  }

  String text(String selector) {
    return (String) browser.js("var e = document.querySelector(arguments[0]); return e ? e.textContent : null", selector);
  }

  /** A chart as ECharts holds it: its series (id and name, in order), axis extents, LOSS areas. */
  record Chart(List<String> ids, List<String> names, double xMin, double xMax, double yMin, double yMax, int lossAreas) {}

  @SuppressWarnings("unchecked")
  Map<String, Chart> charts() {
    Map<String, Object> raw = (Map<String, Object>) browser.js("""
        var out = {};
        Object.keys(window.tcptopReport.charts).forEach(function (k) {
          var c = window.tcptopReport.charts[k];
          var series = c.getOption().series;
          var x = c.getModel().getComponent('xAxis', 0).axis.scale.getExtent();
          var y = c.getModel().getComponent('yAxis', 0).axis.scale.getExtent();
          var loss = series.filter(function (s) { return s.id === 'loss'; })[0];
          out[k] = { ids: series.map(function (s) { return s.id; }), names: series.map(function (s) { return s.name; }),
                     x: x, y: y, loss: loss && loss.markArea ? loss.markArea.data.length : -1 };
        });
        return out;""");
    Map<String, Chart> charts = new LinkedHashMap<>();
    raw.forEach((k, v) -> {
      Map<String, Object> c = (Map<String, Object>) v;
      List<Object> x = (List<Object>) c.get("x");
      List<Object> y = (List<Object>) c.get("y");
      charts.put(k, new Chart((List<String>) c.get("ids"), (List<String>) c.get("names"),
          num(x.get(0)), num(x.get(1)), num(y.get(0)), num(y.get(1)), ((Number) c.get("loss")).intValue()));
    });
    return charts;
  }

  /**
   * Pixels a chart's series put on its canvas: painted pixels with every series shown, minus
   * those with all of them hidden through the legend (axes, labels and legend stay).
   */
  long seriesInk(String chart) {
    Object r = browser.driver().executeAsyncScript("""
        var done = arguments[arguments.length - 1];
        var c = window.tcptopReport.charts[arguments[0]];
        function ink() {
          var n = 0;
          c.getDom().querySelectorAll('canvas').forEach(function (cv) {
            var d = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
            for (var i = 3; i < d.length; i += 4) { if (d[i] !== 0) { n++; } }
          });
          return n;
        }
        function after(action, then) {
          c.on('finished', function once() { c.off('finished', once); then(); });
          c.dispatchAction(action);
        }
        var shown = ink();
        after({ type: 'legendInverseSelect' }, function () {
          var hidden = ink();
          after({ type: 'legendAllSelect' }, function () { done(shown - hidden); });
        });""", chart);
    return ((Number) r).longValue();
  }

  /** The time range a chart's x axis shows now, in ms since the epoch. */
  @SuppressWarnings("unchecked")
  double[] xRange(String chart) {
    List<Object> x = (List<Object>) browser.js("""
        var c = window.tcptopReport.charts[arguments[0]];
        return c.getModel().getComponent('xAxis', 0).axis.scale.getExtent();""", chart);
    return new double[] {num(x.get(0)), num(x.get(1))};
  }

  /** The element a chart draws in. */
  org.openqa.selenium.WebElement plot(String chart) {
    return browser.driver().findElement(org.openqa.selenium.By.cssSelector(".plot[data-chart='" + chart + "']"));
  }

  /** Where a time and value land on a chart, in pixels from the centre of its element (Selenium's origin). */
  @SuppressWarnings("unchecked")
  int[] offsetFromCentre(String chart, double timeMs, double value) {
    List<Object> p = (List<Object>) browser.js("""
        var c = window.tcptopReport.charts[arguments[0]];
        var px = c.convertToPixel({ xAxisIndex: 0, yAxisIndex: 0 }, [arguments[1], arguments[2]]);
        return [px[0] - c.getWidth() / 2, px[1] - c.getHeight() / 2];""", chart, timeMs, value);
    return new int[] {(int) Math.round(num(p.get(0))), (int) Math.round(num(p.get(1)))};
  }

  /** The text of the tooltip a chart shows now; null when none is visible. */
  String tooltip(String chart) {
    return (String) browser.js("""
        var dom = window.tcptopReport.charts[arguments[0]].getDom();
        var tips = Array.prototype.filter.call(dom.querySelectorAll('div'), function (d) {
          return d.style.position === 'absolute' && d.style.display !== 'none' && d.style.visibility !== 'hidden'
            && d.style.opacity !== '0' && d.textContent.indexOf('UTC') >= 0;
        });
        return tips.length ? tips[tips.length - 1].innerText : null;""", chart);
  }

  /** Clicks the header of the table's column labelled {@code label}, as a user does. */
  void clickColumn(String label) {
    browser.driver().findElement(org.openqa.selenium.By.xpath(
        "//table[@id='top-connections']//th[normalize-space(text())='" + label + "']")).click();
  }

  double renderMs() {
    return num(browser.js("return window.tcptopReport.renderMs"));
  }

  private static double num(Object o) {
    return ((Number) o).doubleValue();
  }
}
