// Charts for the page modules: uPlot (from its WebJar) for sparklines and time series, an SVG heartbeat bar for probe
// results. Every chart comes with a text alternative: the caller puts `summary` text next to it (visually hidden or
// shown), and the SVG bar carries its own label.
import uPlot from "/webjars/uplot/1.6.30/dist/uPlot.esm.js";
import { esc, millis } from "./ui.js";

/** One formatter for every bucket's tooltip: creating one per call is what makes toLocaleTimeString slow. */
const hourMinute = new Intl.DateTimeFormat([], { hour: "2-digit", minute: "2-digit" });
/**
 * Colours from the CSS variables, read once per colour scheme: getComputedStyle after DOM changes forces a style
 * recalculation of the whole page, once per sparkline when the overview draws dozens of them.
 */
const colours = new Map();
matchMedia("(prefers-color-scheme: dark)").addEventListener?.("change", () => colours.clear());
const css = (name) => {
  if (!colours.has(name)) {
    colours.set(name, getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888");
  }
  return colours.get(name);
};

/**
 * The state of one heartbeat bucket, worst-of: "down" when every probe failed, "partial" when some did, "up" when none
 * did, "none" without probes.
 */
export function beatState(b) {
  if (!b || !b.probes) return "none";
  if (b.down === 0) return "up";
  return b.down >= b.probes ? "down" : "partial";
}

/** Buckets indexed 0..n-1 from the API's sparse list ({bucket, …}); missing ones are null. */
export function dense(list, n) {
  const out = new Array(n).fill(null);
  for (const b of list ?? []) if (b.bucket >= 0 && b.bucket < n) out[b.bucket] = b;
  return out;
}

/** The words of a heartbeat bar (its label): how many buckets were up, down, partly down, without probes. */
export function heartbeatText(buckets, label = "Probe results") {
  const n = buckets.length;
  const up = buckets.filter((b) => beatState(b) === "up").length;
  const down = buckets.filter((b) => beatState(b) === "down").length;
  const partial = buckets.filter((b) => beatState(b) === "partial").length;
  const none = n - up - down - partial;
  return `${label}: ${up} of ${n} intervals up, ${down} down, ${partial} partly down, ${none} without probes`;
}

/**
 * An SVG heartbeat bar: one rect per bucket, green up, amber partly down, red down, grey stub without probes. Down
 * and partial buckets are drawn taller than up ones, so the state shows without colour too; the bar's label says in
 * words how many buckets were down.
 */
export function heartbeatBar(buckets, { from, bucketSeconds, label = "Probe results" } = {}) {
  const n = buckets.length;
  const down = buckets.filter((b) => beatState(b) === "down").length;
  const partial = buckets.filter((b) => beatState(b) === "partial").length;
  const text = heartbeatText(buckets, label);
  const start = from ? Date.parse(from) : null;
  const rects = buckets.map((b, i) => {
    const s = beatState(b);
    const h = s === "none" ? 4 : s === "up" ? 14 : 20;
    const at = start === null ? "" : hourMinute.format(start + i * bucketSeconds * 1000);
    const tip = s === "none" ? `${at} no probes` : `${at} ${s}: ${b.probes - b.down}/${b.probes} up${b.p50Ms != null ? `, p50 ${millis(b.p50Ms)}` : ""}`;
    return `<rect class="beat ${s}" x="${i * 4}" y="${20 - h}" width="3" height="${h}"><title>${esc(tip)}</title></rect>`;
  }).join("");
  return `<svg class="heartbeat" role="img" aria-label="${esc(text)}" viewBox="0 0 ${n * 4} 20" preserveAspectRatio="none" data-down="${down}" data-partial="${partial}">${rects}</svg>`;
}

/**
 * A sparkline (uPlot, no axes) in `el`, or the existing one updated in place: `ys` over `xs` (epoch seconds).
 * Returns the uPlot instance. `kind` picks the colour: "flow" or "rate".
 */
export function sparkline(el, xs, ys, { kind = "flow", width = 120, height = 28, min = null, max = null } = {}) {
  if (el.__plot) {
    el.__plot.setData([xs, ys]);
    return el.__plot;
  }
  const stroke = kind === "rate" ? css("--ok") : css("--info");
  const plot = new uPlot({
    width, height, pxAlign: false,
    cursor: { show: false }, legend: { show: false }, select: { show: false },
    scales: { x: { time: true }, y: { range: (u, lo, hi) => [min ?? Math.min(0, lo ?? 0), max ?? Math.max(1, hi ?? 1)] } },
    axes: [{ show: false }, { show: false }],
    series: [{}, { stroke, width: 1.5, fill: kind === "flow" ? `${stroke}33` : undefined, spanGaps: kind === "rate" }],
  }, [xs, ys], el);
  el.__plot = plot;
  return plot;
}

/**
 * A time series chart with axes and a legend (uPlot) in `el`, replaced on every call. series: [{ label, values,
 * stroke?: CSS variable name, scale?: "y" | "y2", fill? }]; xs in epoch seconds.
 */
export function timeChart(el, xs, series, { height = 200, yLabel = "", y2Label = "" } = {}) {
  el.__plot?.destroy();
  el.innerHTML = "";
  const width = Math.max(280, el.clientWidth || el.parentElement?.clientWidth || 600);
  const hasY2 = series.some((s) => s.scale === "y2");
  const axisStroke = css("--muted");
  const grid = { stroke: css("--line"), width: 1 };
  const axes = [{ stroke: axisStroke, grid }, { stroke: axisStroke, grid, label: yLabel, size: 50 }];
  if (hasY2) axes.push({ scale: "y2", side: 1, stroke: axisStroke, grid: { show: false }, label: y2Label, size: 50 });
  const plot = new uPlot({
    width, height,
    scales: { x: { time: true }, y: { auto: true }, ...(hasY2 ? { y2: { auto: true } } : {}) },
    axes,
    series: [{}, ...series.map((s) => ({ label: s.label, scale: s.scale ?? "y", stroke: css(s.stroke ?? "--info"),
      width: 1.5, fill: s.fill ? `${css(s.stroke ?? "--info")}22` : undefined, spanGaps: false,
      points: { show: false } }))],
  }, [xs, ...series.map((s) => s.values)], el);
  el.__plot = plot;
  return plot;
}

/** Epoch seconds of each bucket's start. */
export function bucketTimes(from, n, bucketSeconds) {
  const start = Date.parse(from) / 1000;
  return Array.from({ length: n }, (_, i) => start + i * bucketSeconds);
}
