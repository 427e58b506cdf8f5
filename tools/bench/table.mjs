#!/usr/bin/env node
// tools/bench/table.mjs — the table `make bench` ends with: every scenario of bench/results.json
// (median, p50/p99, throughput, peak RSS per service, its ceiling and the fraction of it), then the
// machine's load. bench/results.json is git-ignored: figures of one machine at one moment, not sources.
import { readFileSync } from 'node:fs';
import { printTable, RESULTS_FILE } from './results.mjs';

const doc = JSON.parse(readFileSync(RESULTS_FILE, 'utf8'));
const fmt = (v) => (v === undefined || v === null ? '' : String(v));
printTable(
  doc.scenarios.map((s) => ({
    scenario: s.name,
    median: `${fmt(s.median)} ${fmt(s.unit)}`,
    'p50 / p99 ms': s.p50Ms !== undefined ? `${fmt(s.p50Ms)} / ${fmt(s.p99Ms)}` : '',
    throughput: s.throughput ? `${s.throughput.value} ${s.throughput.unit}` : '',
    'peak RSS MB': s.peakRssMb ? Object.entries(s.peakRssMb).map(([k, v]) => `${k.replace('-service', '')} ${v}`).join(', ') : '',
    ceiling: s.ceiling ? `${fmt(s.ceiling.value)} (${s.ceiling.name})` : '',
    'of ceiling': s.ceiling?.fraction != null ? `${(100 * s.ceiling.fraction).toFixed(1)} %` : '',
    'load at': s.load ? s.load.join(' ') : '',
  })),
);
