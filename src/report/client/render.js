// Draws the report's plots in the browser with Observable Plot (inlined with d3 before this
// script). Reads the data from the JSON script element with id report-data. Each plot goes
// into its `.plot` container, which gets data-rendered="true" when drawn; a failure is shown in
// the container and logged with console.error.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var Plot = window.Plot;
  var EVOLVED = '#d62728';
  var PALETTE = ['#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f7f'];
  var HEIGHT = 340;

  function widthOf(el) {
    return Math.max(320, Math.floor(el.clientWidth || 800));
  }

  // Values for a log axis: non-positive ones (an exact 0 error) sit at a floor below the smallest.
  function logFloor(values) {
    var min = Infinity;
    values.forEach(function (v) {
      if (v > 0 && v < min) min = v;
    });
    return min === Infinity ? 1e-300 : min / 4;
  }
  function clampLog(v, floor) {
    return v > floor ? v : floor;
  }

  var SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
  function powerOfTen(e) {
    return e === 0 ? '1' : '10' + String(e).split('').map(function (c) { return SUPERSCRIPT[c]; }).join('');
  }

  // A log axis over [lo, hi]: ticks at powers of ten labelled 10ⁿ when it spans two decades or
  // more (Plot's default labels would read 1m, 100µ), else Plot's own ticks.
  function logAxis(lo, hi, label) {
    if (!(lo > 0) || !(hi > lo)) return { type: 'log', label: label, grid: true };
    var a = Math.floor(Math.log10(lo));
    var b = Math.ceil(Math.log10(hi));
    var axis = { type: 'log', label: label, grid: true, domain: [lo, hi] };
    if (b - a < 2) {
      axis.tickFormat = '~g';
      return axis;
    }
    var step = Math.max(1, Math.ceil((b - a) / 12));
    var ticks = [];
    for (var e = a; e <= b; e += step) {
      var t = Math.pow(10, e);
      if (t >= lo * 0.999 && t <= hi * 1.001) ticks.push(t);
    }
    axis.ticks = ticks;
    axis.tickFormat = function (d) {
      return powerOfTen(Math.round(Math.log10(d)));
    };
    return axis;
  }
  function extent(values) {
    var lo = Infinity;
    var hi = -Infinity;
    values.forEach(function (v) {
      if (v > 0 && v < lo) lo = v;
      if (v > 0 && v > hi) hi = v;
    });
    return [lo, hi];
  }

  // Ticks at integers only (costs, generations), about ten of them.
  function integerTicks(values) {
    var lo = Math.min.apply(null, values);
    var hi = Math.max.apply(null, values);
    return window.d3.ticks(lo, hi, Math.min(10, Math.max(1, hi - lo))).filter(Number.isInteger);
  }

  function fmt(x) {
    if (x === null || x === undefined) return '–';
    if (x === 0) return '0';
    var a = Math.abs(x);
    return a >= 1e-3 && a < 1e4 ? x.toPrecision(4) : x.toExponential(3);
  }

  function draw(id, build) {
    var el = document.getElementById(id);
    if (!el) return;
    try {
      var node = build(el);
      el.replaceChildren(node);
      el.dataset.rendered = 'true';
    } catch (error) {
      el.textContent = 'This plot could not be drawn: ' + (error && error.message ? error.message : String(error));
      el.classList.add('plot-error');
      console.error('symdisc report: plot ' + id + ' failed', error);
    }
  }

  var scoreLabel = data.summary.label === 'error' ? data.summary.measure : 'score (mean log loss ratio to tuned AdamW)';
  // The score axis for these values (with `floor` standing in for non-positive ones on a log axis).
  function yScore(values, floor, top) {
    // Optimizer scores are log ratios, negative when better than AdamW, up to ~10 when diverging:
    // a symlog axis keeps the small differences near 0 readable next to the large ones.
    if (!data.logScores) return { type: 'symlog', label: scoreLabel, grid: true };
    var needsFloor = values.some(function (v) {
      return v !== null && !(v > 0);
    });
    var e = extent(needsFloor ? values.concat([floor]) : values);
    var hi = top !== undefined ? Math.min(e[1], top) : e[1];
    return logAxis(e[0] / 1.5, hi * 1.5, scoreLabel);
  }

  // Score over evaluations: quantile bands of recent candidates, their median, the best so far.
  draw('plot-progress', function (el) {
    var p = data.progress;
    var q = p.quantiles;
    var best = p.best;
    var floor = data.logScores
      ? logFloor(
          q
            .flatMap(function (d) {
              return [d.q10, d.q90];
            })
            .concat(
              best.map(function (d) {
                return d.score;
              }),
            ),
        )
      : 0;
    var y = function (key) {
      return function (d) {
        return data.logScores ? clampLog(d[key], floor) : d[key];
      };
    };
    var bestScores = best.map(function (d) {
      return d.score;
    });
    // Random programs score up to 1e15 and more: the axis stops a little above the upper quartile
    // and the first best score, and the 90% band is clipped there.
    var top = Math.max.apply(
      null,
      bestScores.concat(
        q.map(function (d) {
          return d.q75;
        }),
      ),
    ) * 10;
    var window = 'recent ' + p.window + ' candidates';
    var names = [window + ': 10–90%', window + ': 25–75%', window + ': median', 'best so far'];
    return Plot.plot({
      width: widthOf(el),
      height: HEIGHT,
      marginLeft: 70,
      x: { label: 'evaluations', grid: true },
      y: yScore(
        q
          .flatMap(function (d) {
            return [d.q10, d.q90];
          })
          .concat(bestScores),
        floor,
        top,
      ),
      color: { domain: names, range: ['#c6dbef', '#6baed6', '#2171b5', EVOLVED], legend: true },
      marks: [
        Plot.areaY(q, { x: 'evaluations', y1: y('q10'), y2: y('q90'), fill: function () { return names[0]; }, z: null, fillOpacity: 0.6, clip: true }),
        Plot.areaY(q, { x: 'evaluations', y1: y('q25'), y2: y('q75'), fill: function () { return names[1]; }, z: null, fillOpacity: 0.7, clip: true }),
        Plot.lineY(q, { x: 'evaluations', y: y('q50'), stroke: function () { return names[2]; }, z: null, strokeWidth: 1.5, clip: true }),
        Plot.lineY(best, { x: 'evaluations', y: y('score'), stroke: function () { return names[3]; }, z: null, strokeWidth: 2.5, curve: 'step-after' }),
        Plot.dot(best.slice(0, -1), { x: 'evaluations', y: y('score'), fill: EVOLVED, r: 2.5, title: function (d) { return 'candidate ' + d.candidate + ': ' + fmt(d.score); } }),
      ],
    });
  });

  // The front with the baselines.
  draw('plot-front', function (el) {
    var front = data.front;
    var base = data.baselines;
    var floor = data.logScores
      ? logFloor(
          front
            .map(function (d) {
              return d.score;
            })
            .concat(
              base.map(function (d) {
                return d.score;
              }),
            ),
        )
      : 0;
    var y = function (d) {
      return data.logScores ? clampLog(d.score, floor) : d.score;
    };
    var series = ['evolved (this run)'];
    base.forEach(function (b) {
      if (series.indexOf(b.series) < 0) series.push(b.series);
    });
    var evolved = function () {
      return series[0];
    };
    return Plot.plot({
      width: widthOf(el),
      height: HEIGHT + 40,
      marginLeft: 70,
      x: {
        label: 'cost (ops)',
        grid: true,
        ticks: integerTicks(
          front
            .map(function (d) {
              return d.cost;
            })
            .concat(
              base.map(function (d) {
                return d.cost;
              }),
            ),
        ),
        tickFormat: 'd',
      },
      y: yScore(
        front
          .map(function (d) {
            return d.score;
          })
          .concat(
            base.map(function (d) {
              return d.score;
            }),
          ),
        floor,
      ),
      color: { domain: series, range: [EVOLVED].concat(PALETTE), legend: true },
      symbol: { domain: series, range: ['circle', 'square', 'diamond', 'triangle', 'cross', 'star', 'wye', 'asterisk'] },
      marks: [
        Plot.line(base, { x: 'cost', y: y, stroke: 'series', z: 'series', strokeOpacity: 0.6, strokeDasharray: '4,3' }),
        Plot.dot(base, { x: 'cost', y: y, stroke: 'series', symbol: 'series', r: 4, title: function (d) { return d.label + '\ncost ' + d.cost + ', ' + fmt(d.score); } }),
        Plot.line(front, { x: 'cost', y: y, stroke: evolved, z: null, strokeWidth: 2, curve: 'step-after' }),
        Plot.dot(front, { x: 'cost', y: y, fill: evolved, symbol: evolved, r: 5, title: function (d) { return 'cost ' + d.cost + ', ' + fmt(d.score) + '\n' + d.program; } }),
      ],
    });
  });

  // Error against x of chosen programs (function tasks).
  draw('plot-errors', function (el) {
    var ec = data.errorCurves;
    var rows = [];
    ec.curves.forEach(function (c) {
      c.points.forEach(function (p) {
        rows.push({ name: c.name, baseline: c.baseline, x: p.x, error: p.error });
      });
    });
    var floor = logFloor(
      rows.map(function (r) {
        return r.error;
      }),
    );
    var names = ec.curves.map(function (c) {
      return c.name;
    });
    // The best program in red, the baseline in grey, the others from the palette.
    var others = 0;
    var colors = ec.curves.map(function (c) {
      if (c.baseline) return '#7f7f7f';
      if (/\(best\)$/.test(c.name)) return EVOLVED;
      return PALETTE[others++ % PALETTE.length];
    });
    var labels = { abs: '|f(x) − reference|', rel: '|f(x) − reference| / |reference|', ulp: 'error (float32 ULPs)' };
    var errors = rows.map(function (r) {
      return r.error;
    });
    var e = extent(
      errors.some(function (v) {
        return !(v > 0);
      })
        ? errors.concat([floor])
        : errors,
    );
    return Plot.plot({
      width: widthOf(el),
      height: HEIGHT,
      marginLeft: 70,
      x: { label: 'x', grid: true },
      y: logAxis(e[0] / 1.5, e[1] * 1.5, labels[ec.kind] || 'error'),
      color: { domain: names, range: colors, legend: true },
      marks: [
        Plot.line(rows, {
          x: 'x',
          y: function (d) {
            return clampLog(d.error, floor);
          },
          z: 'name',
          stroke: 'name',
          strokeWidth: 1.5,
          strokeDasharray: function (d) {
            return d.baseline ? '5,3' : null;
          },
        }),
      ],
    });
  });

  // Training-loss curves per family (optimizer tasks): one small plot per family, shared colours.
  (function () {
    var opt = data.optimizer;
    if (!opt) return;
    var color = { domain: opt.rules, range: [EVOLVED].concat(PALETTE) };
    var legend = document.getElementById('loss-legend');
    if (legend) legend.replaceChildren(Plot.legend({ color: color }));
    opt.families.forEach(function (family) {
      draw('plot-loss-' + family, function (el) {
        var curves = opt.curves.filter(function (c) {
          return c.family === family;
        });
        var rows = [];
        curves.forEach(function (c) {
          c.points.forEach(function (p) {
            rows.push({ rule: c.rule, step: p.step, loss: p.loss });
          });
        });
        var e = extent(
          rows.map(function (r) {
            return r.loss;
          }),
        );
        return Plot.plot({
          width: widthOf(el),
          height: 240,
          marginLeft: 60,
          title: family,
          x: { label: 'step', grid: true },
          y: logAxis(e[0] / 1.2, e[1] * 1.2, 'training loss'),
          color: color,
          marks: [Plot.line(rows, { x: 'step', y: 'loss', z: 'rule', stroke: 'rule', strokeWidth: 1.6 })],
        });
      });
    });
  })();

  // Score along the lineage of the best program.
  draw('plot-lineage', function (el) {
    var steps = data.lineage.steps
      .map(function (s, i) {
        return { step: i, score: s.score, mutation: s.mutation, candidate: s.candidate };
      })
      .filter(function (s) {
        return s.score !== null;
      });
    var floor = data.logScores
      ? logFloor(
          steps.map(function (s) {
            return s.score;
          }),
        )
      : 0;
    var y = function (d) {
      return data.logScores ? clampLog(d.score, floor) : d.score;
    };
    return Plot.plot({
      width: widthOf(el),
      height: 260,
      marginLeft: 70,
      x: {
        label: 'generation (step of the lineage)',
        grid: true,
        ticks: integerTicks(
          steps.map(function (s) {
            return s.step;
          }),
        ),
        tickFormat: 'd',
      },
      y: yScore(
        steps.map(function (s) {
          return s.score;
        }),
        floor,
      ),
      marks: [
        Plot.line(steps, { x: 'step', y: y, stroke: '#555', z: null, curve: 'step-after' }),
        Plot.dot(steps, { x: 'step', y: y, fill: EVOLVED, r: 3.5, title: function (d) { return 'step ' + d.step + ' (candidate ' + d.candidate + '): ' + d.mutation + ', ' + fmt(d.score); } }),
      ],
    });
  });

  document.body.dataset.plots = 'done';
})();
