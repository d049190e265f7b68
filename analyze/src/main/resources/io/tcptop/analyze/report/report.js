// Draws the report's charts from the JSON the page carries, and makes its table sortable.
// Every number comes from that JSON (the report's SQL files); this file only lays them out.
// Strings from the recording reach the page as text only: charts draw them on a canvas, and
// the tooltips, the one place that builds HTML, escape them.
(function () {
  'use strict';

  // When this script began, when the first chart and when every chart had drawn, in ms after
  // navigation began.
  var report = window.tcptopReport = { charts: {}, rendered: false, scriptMs: performance.now(), firstRenderMs: null, renderMs: null };
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var palette = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2',
    '#97bbf5', '#9c6b4e', '#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02',
    '#a6761d', '#1f78b4', '#b2df8a', '#fb9a99', '#cab2d6'];
  var otherColor = '#9aa0a6';
  var lossColor = 'rgba(180, 35, 24, 0.14)';

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  // Powers of 1024, as tcptop's text view prints sizes and rates.
  function scaled(v, units) {
    var a = Math.abs(v);
    if (Math.round(a) < 1024) {
      return Math.round(a) + units[0];
    }
    var x = a / 1024;
    var i = 1;
    while (i < units.length - 1 && Math.round(x * 10) / 10 >= 1024) {
      x /= 1024;
      i++;
    }
    return x.toFixed(1) + units[i];
  }
  function rate(v) { return scaled(v, ['B/s', 'KB/s', 'MB/s', 'GB/s', 'TB/s', 'PB/s']); }
  function rtt(us) {
    if (us < 1000) { return Math.round(us) + 'us'; }
    if (us < 1e6) { return (us / 1000).toFixed(1) + 'ms'; }
    return (us / 1e6).toFixed(1) + 's';
  }
  // A count with thousands separators, as toLocaleString('en-US') writes it, without that call:
  // its first use loads the browser's locale data, a cost the first chart's draw paid.
  function count(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }
  function pad(n, w) { return String(n).padStart(w, '0'); }
  function clock(ms) {
    var d = new Date(ms);
    var t = pad(d.getUTCHours(), 2) + ':' + pad(d.getUTCMinutes(), 2) + ':' + pad(d.getUTCSeconds(), 2);
    return data.axis.step % 1000 === 0 ? t : t + '.' + pad(d.getUTCMilliseconds(), 3);
  }
  function day(ms) {
    var d = new Date(ms);
    return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1, 2) + '-' + pad(d.getUTCDate(), 2);
  }

  // Every chart puts its points in the middle of their buckets, so that pointing at a bucket on
  // one chart points at the same bucket on the others. The axis runs from the start of the
  // first bucket to the end of the last.
  var middles = [];
  for (var i = 0; i < data.axis.count; i++) {
    middles.push(data.axis.start + (i + 0.5) * data.axis.step);
  }
  var axisEnd = data.axis.start + data.axis.count * data.axis.step;

  // Bandwidth is an average over each bucket, so it is drawn as steps ('middle': the value
  // changes halfway between two points, at the bucket boundary), the first and last values held
  // out to the ends of the axis.
  function steps(values, sign) {
    var points = middles.map(function (t, j) { return [t, sign * values[j]]; });
    points.unshift([data.axis.start, sign * values[0]]);
    points.push([axisEnd, sign * values[values.length - 1]]);
    return points;
  }

  function lossAt(ms) {
    for (var i = 0; i < data.loss.length; i++) {
      var l = data.loss[i];
      if (ms >= l.from && ms < l.to) { return l; }
    }
    return null;
  }

  // A series that draws nothing but the shaded LOSS intervals; its legend entry hides them.
  function lossSeries() {
    return {
      id: 'loss', name: 'events lost', type: 'line', data: [], silent: true,
      itemStyle: { color: 'rgb(180, 35, 24)' },
      markArea: {
        silent: true,
        itemStyle: { color: lossColor },
        label: { show: data.loss.length <= 12, position: 'insideTop', color: '#b42318', fontSize: 11 },
        data: data.loss.map(function (l) {
          return [{ xAxis: l.from, name: count(l.lost) + ' lost' }, { xAxis: Math.min(l.to, axisEnd) }];
        })
      }
    };
  }

  // The bucket that holds a time on the axis.
  function bucketOf(ms) {
    var i = Math.min(data.axis.count - 1, Math.max(0, Math.floor((ms - data.axis.start) / data.axis.step)));
    return data.axis.start + i * data.axis.step;
  }

  function tooltipHeader(ms) {
    ms = bucketOf(ms);
    var h = '<b>' + esc(day(ms) + ' ' + clock(ms) + '–' + clock(ms + data.axis.step)) + ' UTC</b>';
    var l = lossAt(ms);
    if (l) {
      h += '<br><span style="color:#b42318">' + esc(count(l.lost) + ' events lost in '
        + clock(l.from) + '–' + clock(l.to) + ' (' + l.causes + ')') + '</span>';
    }
    return h;
  }

  function base(empty) {
    return {
      animation: false,
      useUTC: true,
      // The grid's place is fixed, so ECharts need not lay the axes out twice to fit their labels
      // in the chart (its default 'outer bounds'): that first pass was a good part of the first draw.
      grid: { left: 80, right: 24, top: 56, bottom: 64, outerBoundsMode: 'none' },
      legend: { type: 'scroll', top: 0, left: 0, right: 0 },
      tooltip: { trigger: 'axis', confine: true, order: 'seriesDesc' },
      xAxis: { type: 'time', min: data.axis.start, max: axisEnd },
      dataZoom: [{ type: 'inside', filterMode: 'none' }, { type: 'slider', height: 18, bottom: 8, filterMode: 'none' }],
      graphic: empty ? [{ type: 'text', left: 'center', top: 'middle', silent: true,
        style: { text: empty, fill: '#59636e', font: '14px sans-serif' } }] : []
    };
  }

  function colorOf(name, rank) {
    return name === 'other' ? otherColor : palette[(rank - 1) % palette.length];
  }

  // In above the axis, out below it, each stacked by series: one picture of both directions.
  function bandwidth(chart) {
    var o = base(chart.names.length === 0 ? 'No traffic in this span' : null);
    var series = [];
    chart.names.forEach(function (name, k) {
      var color = colorOf(name, chart.ranks[k]);
      var common = { name: name, type: 'line', step: 'middle', showSymbol: false, sampling: 'none', lineStyle: { width: 1 },
        areaStyle: { opacity: 0.75 }, itemStyle: { color: color }, emphasis: { focus: 'series' } };
      series.push(Object.assign({ id: 'in:' + name, stack: 'in', data: steps(chart['in'][k], 1) }, common));
      series.push(Object.assign({ id: 'out:' + name, stack: 'out', data: steps(chart.out[k], -1) }, common));
    });
    series.push(lossSeries());
    o.series = series;
    o.yAxis = { type: 'value', name: 'in ↑   out ↓', nameGap: 12,
      axisLabel: { formatter: function (v) { return (v < 0 ? '−' : '') + rate(v); } } };
    o.tooltip.formatter = function (params) {
      var rows = {};
      var order = [];
      params.forEach(function (p) {
        if (p.seriesId === 'loss') { return; }
        var dir = p.seriesId.slice(0, p.seriesId.indexOf(':'));
        if (!rows[p.seriesName]) { rows[p.seriesName] = { color: p.color }; order.push(p.seriesName); }
        rows[p.seriesName][dir] = Math.abs(p.value[1]);
      });
      var lines = order.filter(function (n) { return rows[n]['in'] || rows[n].out; }).map(function (n) {
        var r = rows[n];
        return '<span style="color:' + r.color + '">●</span> ' + esc(n) + ': in ' + esc(rate(r['in'] || 0))
          + ', out ' + esc(rate(r.out || 0));
      });
      return tooltipHeader(params[0].axisValue) + '<br>' + (lines.length ? lines.join('<br>') : 'no traffic');
    };
    return o;
  }

  // One colour per connection: its median solid, its 99th percentile dashed.
  function rttChart(chart) {
    var o = base(chart.names.length === 0 ? 'No RTT samples in this span' : null);
    var series = [];
    chart.names.forEach(function (name, k) {
      var color = palette[k % palette.length];
      ['p50', 'p99'].forEach(function (q) {
        series.push({ id: q + ':' + name, name: name, type: 'line', connectNulls: false, showSymbol: true,
          symbolSize: 4, itemStyle: { color: color },
          lineStyle: { width: q === 'p50' ? 2 : 1, type: q === 'p50' ? 'solid' : 'dashed' },
          data: middles.map(function (t, j) { return [t, chart[q][k][j]]; }) });
      });
    });
    series.push(lossSeries());
    o.series = series;
    o.yAxis = { type: 'value', name: 'RTT', axisLabel: { formatter: function (v) { return rtt(v); } } };
    o.tooltip.formatter = function (params) {
      var lines = [];
      params.forEach(function (p) {
        if (p.seriesId === 'loss' || p.value[1] === null || p.value[1] === undefined) { return; }
        var q = p.seriesId.slice(0, 3) === 'p50' ? 'median' : 'p99';
        lines.push('<span style="color:' + p.color + '">●</span> ' + esc(p.seriesName) + ': ' + q + ' ' + esc(rtt(p.value[1])));
      });
      return tooltipHeader(params[0].axisValue) + '<br>' + (lines.length ? lines.join('<br>') : 'no samples');
    };
    return o;
  }

  function connectionsChart(chart) {
    var none = chart.opened.every(function (v) { return v === 0; }) && chart.closed.every(function (v) { return v === 0; });
    var o = base(none ? 'No connection opened or closed in this span' : null);
    o.series = [
      { id: 'opened', name: 'opened', type: 'bar', barMaxWidth: 12, itemStyle: { color: '#3ca951' },
        data: middles.map(function (t, j) { return [t, chart.opened[j]]; }) },
      { id: 'closed', name: 'closed', type: 'bar', barMaxWidth: 12, itemStyle: { color: '#9aa0a6' },
        data: middles.map(function (t, j) { return [t, chart.closed[j]]; }) },
      lossSeries()];
    o.yAxis = { type: 'value', name: 'connections', minInterval: 1 };
    o.tooltip.formatter = function (params) {
      var lines = params.filter(function (p) { return p.seriesId !== 'loss'; }).map(function (p) {
        return '<span style="color:' + p.color + '">●</span> ' + esc(p.seriesName) + ': ' + esc(p.value[1]);
      });
      return tooltipHeader(params[0].axisValue) + '<br>' + lines.join('<br>');
    };
    return o;
  }

  var builders = { bandwidth: bandwidth, rtt: rttChart, connections: connectionsChart };
  echarts.connect('tcptop');

  // The parts of a chart that only answer the pointer (the tooltip, the zoom by wheel, drag and
  // slider). Their code runs cold in the first chart's draw and took a good part of it.
  var controls = ['tooltip', 'dataZoom'];

  // Draws a chart; when later, without its controls, which it returns for a setOption after.
  function draw(el, later) {
    var name = el.getAttribute('data-chart');
    var instance = echarts.init(el, null, { renderer: 'canvas' });
    instance.group = 'tcptop';
    var option = builders[data.charts[name].kind](data.charts[name]);
    var rest = {};
    if (later) {
      controls.forEach(function (k) { rest[k] = option[k]; delete option[k]; });
    }
    // Without animation ECharts draws the whole chart within setOption.
    instance.setOption(option);
    report.charts[name] = instance;
    return rest;
  }

  // The first chart now, with its data, axes, legend and LOSS shading; once the browser has
  // painted it (the frame after it, then a task), its controls, then the other charts, one task
  // each, so the page shows the header and the first chart before the rest is drawn. A page that
  // gets no frames (a hidden tab) goes on after 200 ms all the same.
  var plots = Array.prototype.filter.call(document.querySelectorAll('.plot[data-chart]'), function (el) {
    return data.charts[el.getAttribute('data-chart')];
  });
  var work = plots.slice(1).map(function (el) { return function () { draw(el, false); }; });
  if (plots.length > 0) {
    var firstControls = draw(plots[0], true);
    work.unshift(function () { report.charts[plots[0].getAttribute('data-chart')].setOption(firstControls); });
  }
  report.firstRenderMs = performance.now();
  function next() {
    if (work.length === 0) {
      report.rendered = true;
      report.renderMs = performance.now();
      return;
    }
    work.shift()();
    setTimeout(next, 0);
  }
  var resumed = false;
  function resume() {
    if (!resumed) {
      resumed = true;
      setTimeout(next, 0);
    }
  }
  requestAnimationFrame(resume);
  setTimeout(resume, 200);

  window.addEventListener('resize', function () {
    Object.keys(report.charts).forEach(function (k) { report.charts[k].resize(); });
  });

  // The table sorts on a header click by each cell's data-value: numbers as numbers.
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.querySelectorAll('th');
    heads.forEach(function (th, col) {
      th.addEventListener('click', function () {
        var numeric = th.classList.contains('num');
        var dir = th.getAttribute('aria-sort') === 'descending' ? 1 : -1;
        heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].getAttribute('data-value');
          var y = b.cells[col].getAttribute('data-value');
          if (numeric) {
            x = x === '' ? -Infinity : Number(x);
            y = y === '' ? -Infinity : Number(y);
            return x === y ? 0 : (x < y ? -dir : dir);
          }
          return dir * x.localeCompare(y);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
