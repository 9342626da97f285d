// The live dashboard: one server-sent event a second (/dashboard/stream, a Snapshot as JSON), drawn with uPlot.
// window.stampede exposes the charts and the last snapshot (the browser test reads them).
"use strict";

const HISTORY = 300; // points kept per chart: 5 minutes at one a second
const PALETTE = ["#4fc3f7", "#81c784", "#ffb74d", "#e57373", "#ba68c8", "#fff176", "#4db6ac", "#f06292", "#a1887f", "#90a4ae"];
const AXIS = { stroke: "#8b95a3", grid: { stroke: "#2c333d" }, ticks: { stroke: "#2c333d" } };

function number(v, digits) {
  if (v == null || Number.isNaN(v)) return "–";
  return v.toLocaleString("en", { maximumFractionDigits: digits ?? (Math.abs(v) < 10 ? 2 : 0) });
}

const colors = new Map();

/** One colour per series name on the whole page, so that a SKU or a strategy looks the same in every chart. */
function color(key) {
  if (!colors.has(key)) colors.set(key, PALETTE[colors.size % PALETTE.length]);
  return colors.get(key);
}

/** Epoch seconds as a 24-hour wall-clock time. */
function clock(seconds) {
  return new Date(seconds * 1000).toLocaleTimeString("en-GB");
}

function width(el) {
  return Math.max(300, el.clientWidth);
}

/** A chart of some values over time; a series appears when its key first appears in a snapshot. */
class TimeChart {
  constructor(id, pick, unit, digits) {
    this.el = document.getElementById(id);
    this.pick = pick;
    this.unit = unit;
    this.digits = digits;
    this.times = [];
    this.columns = new Map();
    this.plot = null;
  }

  push(snapshot) {
    const values = this.pick(snapshot);
    if (values == null) {
      this.message("not running", "not-running");
      return;
    }
    let added = false;
    for (const key of Object.keys(values)) {
      // a series appears when it first moves: a chart of idle strategies' zeros says nothing at 3 a.m.
      if (!this.columns.has(key) && values[key] !== 0) {
        this.columns.set(key, this.times.map(() => null));
        added = true;
      }
    }
    this.times.push(snapshot.time / 1000);
    for (const [key, column] of this.columns) column.push(values[key] ?? null);
    if (this.times.length > HISTORY) {
      this.times.shift();
      for (const column of this.columns.values()) column.shift();
    }
    if (this.columns.size === 0) {
      this.message("nothing yet", "empty");
      return;
    }
    const data = [this.times, ...this.columns.values()];
    if (added || this.plot == null) this.draw(data);
    else this.plot.setData(data);
  }

  message(text, state) {
    if (this.el.dataset.state === state) return;
    this.el.dataset.state = state;
    this.el.innerHTML = "";
    const div = document.createElement("div");
    div.className = "notrunning";
    div.textContent = text;
    this.el.appendChild(div);
  }

  draw(data) {
    if (this.plot) this.plot.destroy();
    this.el.innerHTML = "";
    this.el.dataset.state = "running";
    const unit = this.unit;
    const digits = this.digits;
    const series = [{ label: "time", value: (u, v) => (v == null ? "latest" : clock(v)) }];
    for (const key of this.columns.keys()) {
      // the legend shows the latest value unless the cursor points at another
      series.push({ label: key, stroke: color(key), width: 2,
        value: (u, v, si, idx) => number(idx == null ? u.data[si][u.data[si].length - 1] : v, digits) + " " + unit });
    }
    this.plot = new uPlot({
      width: width(this.el), height: 200, series,
      scales: { y: { range: (u, min, max) => [0, Math.max(max, 1) * 1.1] } },
      axes: [{ ...AXIS, incrs: [1, 5, 10, 15, 30, 60, 120, 300], values: (u, vals) => vals.map(clock) },
        { ...AXIS, size: 60, values: (u, vals) => vals.map(v => number(v, digits)) }],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
    }, data, this.el);
  }

  resize() {
    if (this.plot) this.plot.setSize({ width: width(this.el), height: 200 });
  }
}

/** The lock-wait histogram: waits per bucket over the server's window, one bar series per kind of lock. */
class HistogramChart {
  constructor(id) {
    this.el = document.getElementById(id);
    this.plot = null;
    this.keys = "";
  }

  push(snapshot) {
    const window = snapshot.lockWait;
    const bounds = window.boundsMillis;
    const short = b => (b >= 1000 ? b / 1000 + "s" : b + "ms");
    const labels = bounds.map(short).concat(">" + short(bounds[bounds.length - 1]));
    const keys = Object.keys(window.counts);
    const xs = labels.map((_, i) => i);
    const data = [xs, ...keys.map(k => window.counts[k])];
    if (keys.length === 0) {
      this.el.innerHTML = '<div class="notrunning">no lock waits yet (pessimistic and lease report them)</div>';
      return;
    }
    if (this.plot == null || this.keys !== keys.join("|")) {
      this.keys = keys.join("|");
      if (this.plot) this.plot.destroy();
      this.el.innerHTML = "";
      const bars = uPlot.paths.bars({ size: [0.8 / keys.length, 40], align: 0 });
      this.plot = new uPlot({
        width: width(this.el), height: 200,
        scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: (u, min, max) => [0, Math.max(max, 1) * 1.1] } },
        series: [{ label: "wait up to", value: (u, v) => v == null ? "–" : labels[v] },
          ...keys.map(k => ({ label: k, stroke: color(k), fill: color(k) + "cc", paths: bars, points: { show: false },
            value: (u, v, si, idx) => idx == null ? number(u.data[si].reduce((a, b) => a + b, 0), 0) + " waits in all" : number(v, 0) + " waits" }))],
        axes: [{ ...AXIS, font: "10px system-ui", splits: () => xs, values: (u, vals) => vals.map(v => labels[v] ?? "") }, { ...AXIS, size: 60 }],
        cursor: { drag: { x: false, y: false } },
      }, data, this.el);
    } else {
      this.plot.setData(data);
    }
  }

  resize() {
    if (this.plot) this.plot.setSize({ width: width(this.el), height: 200 });
  }
}

function byId(rows, field) {
  const out = {};
  for (const row of rows) out[row.id] = row[field];
  return out;
}

function percent(map) {
  const out = {};
  for (const [k, v] of Object.entries(map)) out[k] = v * 100;
  return out;
}

function merge(...maps) {
  return Object.assign({}, ...maps);
}

function prefixed(prefix, map) {
  const out = {};
  for (const [k, v] of Object.entries(map)) out[prefix + k] = v;
  return out;
}

const charts = {
  remaining: new TimeChart("remaining", s => byId(s.skus, "remaining"), "units", 0),
  sales: new TimeChart("sales", s => byId(s.skus, "salesPerSecond"), "units/s"),
  purchases: new TimeChart("purchases", s => s.purchases, "req/s"),
  lockwait: new HistogramChart("lockwait"),
  conflicts: new TimeChart("conflicts", s => percent(s.conflictRate), "%", 1),
  attempts: new TimeChart("attempts", s => s.attemptsPerPurchase, "attempts", 2),
  waiting: new TimeChart("waiting", s => merge(prefixed("queue ", s.queueDepth), prefixed("turns ", s.turnsWaiting)), "purchases", 0),
  batches: new TimeChart("batches", s => s.batchSize, "purchases/batch", 1),
  leases: new TimeChart("leases", s => s.leases, "/s"),
  holds: new TimeChart("holds", s => s.holds, "/s"),
  holdsActive: new TimeChart("holdsActive", s => s.holdsActive, "holds", 0),
  transfers: new TimeChart("transfers", s => s.transfers, "/s"),
  checkouts: new TimeChart("checkouts", s => s.checkouts, "/s"),
  adaptive: new TimeChart("adaptive", s => s.adaptiveSwitches, "switches/s"),
  admission: new TimeChart("admission", s => s.admissionSheds, "req/s"),
};

function table(snapshot) {
  const body = document.querySelector("#skus tbody");
  body.replaceChildren(...snapshot.skus.map(row => {
    const tr = document.createElement("tr");
    const cells = [row.id, row.strategy, number(row.sold, 0), number(row.remaining, 0), number(row.salesPerSecond, 1), number(row.requestsPerSecond, 1)];
    cells.forEach((text, i) => {
      const td = document.createElement("td");
      td.textContent = text; // SKU ids come from requests: never parsed as HTML
      if (i === 3 && row.remaining === 0) td.className = "zero";
      tr.appendChild(td);
    });
    return tr;
  }));
  const empty = document.getElementById("skus-empty");
  empty.textContent = snapshot.skuStoreReachable ? "No SKU requested yet." : "The SKU store cannot be reached: sold and remaining units are not shown.";
  empty.hidden = snapshot.skus.length > 0;
}

const state = { snapshots: 0, last: null, charts };
window.stampede = state;

function status(live) {
  const el = document.getElementById("status");
  el.className = "status " + (live ? "live" : "down");
  el.textContent = live ? "live · " + clock(state.last.time / 1000) : "reconnecting…";
}

const source = new EventSource("/dashboard/stream");
source.addEventListener("snapshot", event => {
  const snapshot = JSON.parse(event.data);
  state.last = snapshot;
  state.snapshots++;
  table(snapshot);
  for (const chart of Object.values(charts)) chart.push(snapshot);
  status(true);
});
source.onerror = () => status(false);
window.addEventListener("resize", () => Object.values(charts).forEach(c => c.resize()));
