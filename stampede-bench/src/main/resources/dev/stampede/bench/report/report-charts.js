// The bench report's charts, drawn with uPlot (inlined above) from the JSON of #chart-data (see HtmlReport).
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#7f7f7f"];
  const OUTCOME_COLOURS = { success: "#59a14f", sold_out: "#8aa5c4", busy: "#edc948", other_status: "#f28e2b", network_error: "#c62828" };
  const number = v => (v == null ? "–" : v.toLocaleString("en", { maximumFractionDigits: 1 }));
  const width = el => Math.max(320, el.clientWidth);

  /** Bars per run (x: the runs), one bar series per key of {@code columns}. */
  function bars(id, columns, unit, colourOf) {
    const el = document.getElementById(id);
    if (!el) return;
    const keys = Object.keys(columns);
    const xs = data.runs.map((_, i) => i);
    const paths = uPlot.paths.bars({ size: [0.85 / keys.length, 48], align: 0 });
    const plot = new uPlot({
      width: width(el), height: 300,
      scales: { x: { time: false, range: [-0.5, data.runs.length - 0.5] } },
      series: [{ label: "run", value: (u, v) => (v == null ? "–" : data.runs[v]) },
        ...keys.map((k, i) => ({ label: k, stroke: colourOf(k, i), fill: colourOf(k, i), paths, points: { show: false },
          value: (u, v) => number(v) + " " + unit }))],
      axes: [{ splits: () => xs, values: (u, vals) => vals.map(v => data.runs[v] ?? "") },
        { size: 70, label: unit, values: (u, vals) => vals.map(number) }],
    }, [xs, ...keys.map(k => columns[k])], el);
    window.addEventListener("resize", () => plot.setSize({ width: width(el), height: 300 }));
  }

  function lines(id) {
    const el = document.getElementById(id);
    if (!el) return;
    const plot = new uPlot({
      width: width(el), height: 300,
      scales: { x: { time: false } },
      series: [{ label: "seconds since start", value: (u, v) => number(v) + " s" },
        ...data.runs.map((run, i) => ({ label: run, stroke: PALETTE[i % PALETTE.length], width: 2, spanGaps: false,
          value: (u, v) => number(v) + " req/s" }))],
      axes: [{ label: "seconds since start" }, { size: 70, label: "req/s", values: (u, vals) => vals.map(number) }],
    }, [data.throughput.seconds, ...data.throughput.rps], el);
    window.addEventListener("resize", () => plot.setSize({ width: width(el), height: 300 }));
  }

  bars("chart-latency", data.percentiles, "ms", (k, i) => ["#a6cee3", "#5b9bd5", "#2a6fb0", "#123f73"][i]);
  lines("chart-throughput");
  bars("chart-outcomes", data.outcomes, "requests", k => OUTCOME_COLOURS[k] ?? "#7f7f7f");
})();
