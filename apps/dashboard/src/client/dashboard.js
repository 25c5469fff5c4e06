// The dashboard page: folds the run's SSE messages into chart series and tables. Plain
// browser JavaScript (no build step); uPlot is the global that /vendor/uPlot.iife.min.js defines.
/* global uPlot, EventSource, document, window, requestAnimationFrame */
'use strict';

const $ = (id) => document.getElementById(id);
const THROUGHPUT_WINDOW = 10;

const state = {
  lastSeq: 0,
  /** chart name -> Map(seriesName -> Map(step -> value)) */
  series: { loss: new Map(), metrics: new Map(), lr: new Map(), throughput: new Map() },
  trainBatchTimes: [],
  statuses: new Map(),
  dirty: new Set(),
};
const charts = {};

function put(chart, name, step, value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return;
  let s = state.series[chart].get(name);
  if (!s) state.series[chart].set(name, (s = new Map()));
  s.set(step, value);
  state.dirty.add(chart);
}

function chartOf(metric) {
  if (metric === 'epoch') return null;
  if (metric.startsWith('lr')) return 'lr';
  return metric.includes('loss') ? 'loss' : 'metrics';
}

function onMessage(e) {
  if (e.seq <= state.lastSeq) return;
  state.lastSeq = e.seq;
  switch (e.type) {
    case 'fitStart':
      $('max-epochs').textContent = e.maxEpochs < 0 ? '∞' : String(e.maxEpochs);
      $('batches').textContent = e.trainBatches > 0 ? String(e.trainBatches) : '-';
      setRunState('running', 'running');
      renderHparams(e.hparams);
      break;
    case 'epochStart':
      $('epoch').textContent = String(e.epoch);
      break;
    case 'batchEnd':
      if (e.stage !== 'train') break;
      $('epoch').textContent = String(e.epoch);
      $('batch').textContent = String(e.batchIdx + 1);
      $('batches').textContent = String(e.batches);
      $('global-step').textContent = String(e.globalStep);
      $('epoch-progress').value = e.batches > 0 ? (e.batchIdx + 1) / e.batches : 0;
      put('loss', 'loss', e.globalStep, e.loss);
      onTrainBatchTime(e.globalStep, e.at);
      break;
    case 'metrics':
      // A finished run's logs have no batch events: its rows give the progress.
      $('epoch').textContent = String(e.epoch);
      $('global-step').textContent = String(Math.max(Number($('global-step').textContent) || 0, e.step));
      for (const [k, v] of Object.entries(e.metrics)) {
        const c = chartOf(k);
        if (c) put(c, k, e.step, v);
      }
      break;
    case 'checkpointSaved':
      $('checkpoint').textContent = `${e.path} (epoch ${e.epoch}, step ${e.globalStep}${e.monitor ? `, ${e.monitor.name}=${e.monitor.value.toPrecision(4)}` : ''})`;
      break;
    case 'status':
      state.statuses.set(`${e.rank}/${e.device}`, e);
      renderStatuses();
      break;
    case 'exception':
      $('error').hidden = false;
      $('error').textContent = e.message;
      break;
    case 'runEnd':
      setRunState(e.status, e.status === 'failed' ? 'failed' : `${e.status}`);
      break;
    default:
      break;
  }
  scheduleRender();
}

function onTrainBatchTime(step, at) {
  const times = state.trainBatchTimes;
  times.push(at);
  if (times.length > THROUGHPUT_WINDOW) times.shift();
  if (times.length < 2) return;
  const seconds = (times[times.length - 1] - times[0]) / 1000;
  if (seconds > 0) {
    const itps = (times.length - 1) / seconds;
    put('throughput', 'it/s', step, itps);
    $('throughput').textContent = itps.toFixed(1);
  }
}

function setRunState(kind, text) {
  $('run-state').dataset.state = kind;
  $('run-state').textContent = text;
}

function renderHparams(hp) {
  const body = $('hparams').tBodies[0];
  body.replaceChildren();
  for (const [k, v] of Object.entries(hp)) {
    const tr = body.insertRow();
    tr.insertCell().textContent = k;
    tr.insertCell().textContent = typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}

function renderStatuses() {
  const body = $('devices').tBodies[0];
  body.replaceChildren();
  const rows = [...state.statuses.values()].sort((a, b) => a.rank - b.rank || a.device.localeCompare(b.device));
  for (const s of rows) {
    const tr = body.insertRow();
    for (const v of [s.rank, s.device, `${(s.memoryBytes / 2 ** 20).toFixed(2)} MiB`, s.buffers, `${s.stepMs.toFixed(1)} ms`, s.globalStep]) tr.insertCell().textContent = String(v);
  }
}

/** uPlot wants one x array shared by every series: the union of steps, with nulls for gaps. */
function alignedData(chart) {
  const names = [...state.series[chart].keys()];
  const steps = new Set();
  for (const s of state.series[chart].values()) for (const x of s.keys()) steps.add(x);
  const xs = [...steps].sort((a, b) => a - b);
  const data = [xs, ...names.map((n) => xs.map((x) => state.series[chart].get(n).get(x) ?? null))];
  return { names, data };
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

function renderChart(chart) {
  const el = $(`${chart}-chart`);
  const { names, data } = alignedData(chart);
  const existing = charts[chart];
  const key = names.join('\u0000');
  if (!existing || existing.key !== key) {
    existing?.plot.destroy();
    const opts = {
      width: Math.max(el.clientWidth, 300),
      height: 220,
      scales: { x: { time: false } },
      axes: [{ label: 'step' }, {}],
      series: [{ label: 'step' }, ...names.map((n, i) => ({ label: n, stroke: COLORS[i % COLORS.length], spanGaps: true, points: { show: data[0].length < 60 } }))],
    };
    charts[chart] = { key, plot: new uPlot(opts, data, el) };
  } else {
    existing.plot.setData(data);
  }
  el.dataset.points = String(data[0].length);
}

let renderQueued = false;
function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    for (const c of state.dirty) renderChart(c);
    state.dirty.clear();
  });
}

function connect() {
  const source = new EventSource('/events');
  source.onopen = () => {
    $('connection').dataset.connected = 'true';
    $('connection').textContent = 'live';
  };
  source.onerror = () => {
    $('connection').dataset.connected = 'false';
    $('connection').textContent = 'reconnecting';
  };
  source.onmessage = (m) => onMessage(JSON.parse(m.data));
}

/** For tests and the console: the points a chart's series holds, read from uPlot's own data. */
window.flintDashboard = {
  get lastSeq() {
    return state.lastSeq;
  },
  points(chart, series) {
    const c = charts[chart];
    if (!c) return [];
    const idx = c.plot.series.findIndex((s) => s.label === series);
    if (idx < 1) return [];
    const [xs, ys] = [c.plot.data[0], c.plot.data[idx]];
    const out = [];
    for (let i = 0; i < xs.length; i++) if (ys[i] !== null && ys[i] !== undefined) out.push([xs[i], ys[i]]);
    return out;
  },
};

connect();
