// The live dashboard in the browser: renders the embedded views (script#live-data), then follows
// the server's event stream (/events) and re-renders on every `runs` event. When the stream
// breaks, the page keeps the last data and says it is disconnected (EventSource retries by
// itself). All run data goes into the page through textContent, never as markup.
(function () {
  'use strict';
  var Plot = window.Plot;
  var PALETTE = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
  var state = { entries: JSON.parse(document.getElementById('live-data').textContent), received: new Date() };

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function fmt(x) {
    if (x === null || x === undefined) return '–';
    if (x === 0) return '0';
    var a = Math.abs(x);
    return a >= 1e4 || a < 1e-3 ? x.toExponential(2) : String(Number(x.toPrecision(4)));
  }
  function fmtInt(x) {
    return x === null || x === undefined ? '–' : Math.round(x).toLocaleString('en-US');
  }
  function duration(ms) {
    if (ms === null || ms === undefined) return '–';
    var s = Math.round(ms / 1000);
    return s < 120 ? s + ' s' : s < 7200 ? Math.round(s / 60) + ' min' : (s / 3600).toFixed(1) + ' h';
  }
  function stat(parent, key, value) {
    var s = el('div', 'stat');
    s.appendChild(el('div', 'k', key));
    var v = el('div', 'v', value);
    v.title = value;
    s.appendChild(v);
    parent.appendChild(s);
  }

  function drawPlot(container, marks, options) {
    container.textContent = '';
    try {
      var width = Math.max(300, Math.floor(container.clientWidth || 600));
      container.appendChild(Plot.plot(Object.assign({ width: width, height: 220, marks: marks }, options)));
    } catch (error) {
      container.appendChild(el('div', 'error', 'plot failed: ' + error.message));
      console.error(error);
    }
  }

  function positive(points) {
    return points.filter(function (p) { return p.score > 0; });
  }

  function renderRun(entry, color) {
    var card = el('article', 'run');
    card.dataset.dir = entry.dir;
    if (entry.error) {
      card.appendChild(el('h2', '', entry.dir));
      card.appendChild(el('div', 'error', entry.error));
      return card;
    }
    var title = el('h2', '', entry.runId);
    title.style.borderLeft = '5px solid ' + color;
    title.style.paddingLeft = '6px';
    card.appendChild(title);
    var meta = el('div', 'meta');
    meta.appendChild(document.createTextNode(entry.task + ' · seed ' + entry.seed + ' · ' + entry.strategy + ' · ' + entry.backend + ' · '));
    meta.appendChild(el('span', 'activity-' + entry.activity, entry.activity));
    card.appendChild(meta);
    var stats = el('div', 'stats');
    stat(stats, 'evaluations', fmtInt(entry.evaluations));
    stat(stats, 'evals/s', entry.evaluationsPerSecond === null ? '–' : fmt(entry.evaluationsPerSecond));
    stat(stats, 'cache hits', (entry.hitRate * 100).toFixed(1) + ' %');
    stat(stats, 'best ' + entry.label, entry.best ? fmt(entry.best.score) : '–');
    stats.lastChild.querySelector('.v').dataset.evaluations = String(entry.evaluations);
    card.appendChild(stats);
    card.appendChild(el('div', 'meta', 'elapsed ' + duration(entry.elapsedMs) + ' · ' + fmtInt(entry.candidates) + ' candidates · updated ' + new Date(entry.updatedAt).toLocaleTimeString()));

    card.appendChild(el('h3', '', 'Best program (simplified)' + (entry.best ? ', cost ' + entry.best.cost : '')));
    card.appendChild(el('pre', 'best-program', entry.best ? entry.best.program : 'no valid program yet'));

    card.appendChild(el('h3', '', 'Score over evaluations'));
    var progress = el('div', 'plot progress');
    card.appendChild(progress);
    card.appendChild(el('h3', '', 'Front'));
    var front = el('div', 'plot front');
    card.appendChild(front);
    var table = el('table');
    var head = el('tr');
    ['cost', entry.label, 'program'].forEach(function (h) { head.appendChild(el('th', '', h)); });
    table.appendChild(head);
    entry.front.forEach(function (r) {
      var tr = el('tr');
      tr.appendChild(el('td', 'num', String(r.cost)));
      tr.appendChild(el('td', 'num', fmt(r.score)));
      tr.appendChild(el('td', 'prog', r.program.split('\n').slice(1, -2).map(function (l) { return l.trim(); }).join('; ')));
      table.appendChild(tr);
    });
    card.appendChild(table);

    // Plots after the card is in the document (they need its width).
    card.drawPlots = function () {
      var log = entry.logScores;
      var best = log ? positive(entry.progress.best) : entry.progress.best;
      var q = entry.progress.quantiles.filter(function (p) { return !log || (p.q25 > 0 && p.q75 > 0); });
      drawPlot(progress, [
        Plot.areaY(q, { x: 'evaluations', y1: 'q25', y2: 'q75', fill: color, fillOpacity: 0.15 }),
        Plot.line(q, { x: 'evaluations', y: 'q50', stroke: color, strokeOpacity: 0.4 }),
        Plot.line(best, { x: 'evaluations', y: 'score', stroke: color, curve: 'step-after', strokeWidth: 2 }),
      ], { x: { label: 'evaluations' }, y: { type: log ? 'log' : 'linear', label: entry.label, grid: true } });
      var points = log ? positive(entry.front) : entry.front;
      drawPlot(front, [
        Plot.line(points, { x: 'cost', y: 'score', stroke: color, curve: 'step-after' }),
        Plot.dot(points, { x: 'cost', y: 'score', fill: color, r: 3 }),
      ], { x: { label: 'cost' }, y: { type: log ? 'log' : 'linear', label: entry.label, grid: true } });
    };
    return card;
  }

  function render() {
    var runs = document.getElementById('runs');
    runs.textContent = '';
    var cards = [];
    var series = [];
    state.entries.forEach(function (entry, i) {
      var color = PALETTE[i % PALETTE.length];
      var card = renderRun(entry, color);
      runs.appendChild(card);
      cards.push(card);
      if (!entry.error) {
        (entry.logScores ? positive(entry.progress.best) : entry.progress.best).forEach(function (p) {
          series.push({ run: entry.runId, evaluations: p.evaluations, score: p.score });
        });
      }
    });
    cards.forEach(function (c) { if (c.drawPlots) c.drawPlots(); });
    // Side by side only means something with two runs or more.
    var compare = document.getElementById('compare');
    compare.parentNode.hidden = state.entries.length < 2;
    var log = state.entries.some(function (e) { return e.logScores; });
    if (state.entries.length >= 2) drawPlot(compare, [
      Plot.line(series, { x: 'evaluations', y: 'score', stroke: 'run', curve: 'step-after', strokeWidth: 2 }),
    ], { color: { legend: true, range: PALETTE }, x: { label: 'evaluations' }, y: { type: log ? 'log' : 'linear', label: 'best score', grid: true } });
    document.body.dataset.rendered = String(Number(document.body.dataset.rendered || '0') + 1);
  }

  function status(connected) {
    var s = document.getElementById('status');
    s.className = connected ? 'connected' : 'disconnected';
    s.textContent = connected
      ? 'live · updated ' + state.received.toLocaleTimeString()
      : 'disconnected · showing data from ' + state.received.toLocaleTimeString();
    document.body.dataset.connection = connected ? 'connected' : 'disconnected';
  }

  render();
  if (typeof EventSource === 'undefined' || location.protocol === 'file:') {
    status(false);
    return;
  }
  var source = new EventSource('/events');
  source.addEventListener('runs', function (event) {
    state.entries = JSON.parse(event.data);
    state.received = new Date();
    render();
    status(true);
  });
  source.onopen = function () { status(true); };
  source.onerror = function () { status(false); };
})();
