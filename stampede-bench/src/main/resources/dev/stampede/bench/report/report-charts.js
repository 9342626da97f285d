// The bench report's charts, drawn with uPlot (inlined above) from the JSON of #chart-data (see HtmlReport).
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#7f7f7f"];
  const OUTCOME_COLOURS = { success: "#59a14f", sold_out: "#8aa5c4", busy: "#edc948", other_status: "#f28e2b", network_error: "#c62828" };
  const number = v => (v == null ? "–" : v.toLocaleString("en", { maximumFractionDigits: 1 }));
  const width = el => Math.max(320, el.clientWidth);

  /**
   * One bar per run, stacked: {@code columns} in stacking order, bottom first. Each series is drawn from 0 to its
   * running total, the tallest first, so every band shows its own share; the legend shows {@code shown} (by default
   * each series' own value).
   */
  function stacked(id, columns, unit, colourOf, shown = columns) {
    const el = document.getElementById(id);
    if (!el) return;
    const keys = Object.keys(columns);
    const xs = data.runs.map((_, i) => i);
    const totals = [];
    let running = xs.map(() => 0);
    for (const key of keys) {
      running = running.map((sum, i) => sum + columns[key][i]);
      totals.push(running);
    }
    const order = keys.map((_, i) => i).reverse();
    const paths = uPlot.paths.bars({ size: [0.6, 90], align: 0 });
    const plot = new uPlot({
      width: width(el), height: 300,
      scales: { x: { time: false, range: [-0.5, data.runs.length - 0.5] }, y: { range: (u, min, max) => [0, Math.max(max, 1) * 1.05] } },
      series: [{ label: "run", value: (u, v) => (v == null ? "–" : data.runs[v]) },
        ...order.map(i => ({ label: keys[i], stroke: colourOf(keys[i], i), fill: colourOf(keys[i], i), paths, points: { show: false },
          value: (u, v, si, idx) => (idx == null ? "" : number(shown[keys[i]][idx]) + " " + unit) }))],
      axes: [{ splits: () => xs, values: (u, vals) => vals.map(v => data.runs[v] ?? "") },
        { size: 70, label: unit, values: (u, vals) => vals.map(number) }],
    }, [xs, ...order.map(i => totals[i])], el);
    window.addEventListener("resize", () => plot.setSize({ width: width(el), height: 300 }));
  }

  /** Percentiles never decrease (p50 <= p90 <= p95 <= p99): each is a band over the one below; the legend shows it. */
  function percentiles(id) {
    const keys = Object.keys(data.percentiles);
    const bands = {};
    keys.forEach((key, i) => {
      bands[key] = data.percentiles[key].map((v, run) => (i === 0 ? v : Math.max(0, v - data.percentiles[keys[i - 1]][run])));
    });
    stacked(id, bands, "ms", (k, i) => ["#a6cee3", "#5b9bd5", "#2a6fb0", "#123f73"][i], data.percentiles);
  }

  /** One line per run over {@code seconds}; {@code values[run]} has a value (or null) per second of the x axis. */
  function lines(id, seconds, values, unit) {
    const el = document.getElementById(id);
    if (!el) return;
    const plot = new uPlot({
      width: width(el), height: 300,
      scales: { x: { time: false } },
      series: [{ label: "seconds since start", value: (u, v) => number(v) + " s" },
        ...data.runs.map((run, i) => ({ label: run, stroke: PALETTE[i % PALETTE.length], width: 2, spanGaps: false,
          value: (u, v) => number(v) + " " + unit }))],
      axes: [{ label: "seconds since start" }, { size: 70, label: unit, values: (u, vals) => vals.map(number) }],
    }, [seconds, ...values], el);
    window.addEventListener("resize", () => plot.setSize({ width: width(el), height: 300 }));
  }

  percentiles("chart-latency");
  lines("chart-throughput", data.throughput.seconds, data.throughput.rps, "req/s");
  lines("chart-blocked", data.blocked.seconds, data.blocked.units, "units");
  stacked("chart-outcomes", data.outcomes, "requests", k => OUTCOME_COLOURS[k] ?? "#7f7f7f");
})();
