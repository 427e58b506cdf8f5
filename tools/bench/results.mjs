// tools/bench/results.mjs — what every benchmark script of `make bench` shares:
// order statistics, peak resident memory of a process, and bench/results.json
// (one object per scenario, merged by name, so scripts can run one at a time).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../bench/results.json');

/** Value at quantile q (0..1) of numbers, nearest rank. */
export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export const median = (values) => quantile(values, 0.5);

/** Resident set size of a pid now, in bytes (Linux /proc), or null when it is gone. */
export function rssBytes(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.split(/\s+/)[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Samples the RSS of named pids every `everyMs` until stopped; returns the peaks in MB. */
export function watchPeaks(pids, everyMs = 200) {
  const peaks = Object.fromEntries(Object.keys(pids).map((k) => [k, 0]));
  const tick = () => {
    for (const [name, pid] of Object.entries(pids)) peaks[name] = Math.max(peaks[name], rssBytes(pid) ?? 0);
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return () => {
    clearInterval(timer);
    tick();
    return Object.fromEntries(Object.entries(peaks).map(([k, v]) => [k, Math.round(v / 1e6)]));
  };
}

/** Merges scenarios into bench/results.json (by `name`), stamped with the time and the machine's load. */
export function recordResults(scenarios) {
  let doc = { scenarios: [] };
  try {
    doc = JSON.parse(readFileSync(RESULTS_FILE, 'utf8'));
  } catch {
    /* first run */
  }
  const at = new Date().toISOString();
  const load = loadavg().map((l) => Number(l.toFixed(2)));
  const byName = new Map(doc.scenarios.map((s) => [s.name, s]));
  for (const s of scenarios) byName.set(s.name, { ...s, at, load });
  doc.scenarios = [...byName.values()];
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, JSON.stringify(doc, null, 2) + '\n');
}

/** Prints rows as an aligned table. */
export function printTable(rows) {
  const cols = Object.keys(rows[0] ?? {});
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => cells.map((v, i) => String(v).padEnd(width[i])).join('  ');
  console.log(line(cols));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => r[c])));
}
