// Reads cmd-probe.cjs's snapshots: per process, the commands of the last <seconds> s before its counts stopped
// moving, per <per> units of work (e.g. copied revisions), most frequent first.
import { readFileSync, readdirSync } from 'node:fs';

const [dir = '/tmp/cmdp', seconds = '38', per = '1000'] = process.argv.slice(2);
const total = (snapshot) => Object.values(snapshot.stats).reduce((n, s) => n + s.n, 0);
for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
  const snapshots = readFileSync(`${dir}/${file}`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const final = total(snapshots.at(-1));
  if (!final) continue;
  const end = snapshots.find((s) => total(s) === final);
  const start = snapshots.filter((s) => s.at <= end.at - Number(seconds) * 1000).at(-1) ?? snapshots[0];
  const rows = Object.entries(end.stats)
    .map(([key, s]) => ({ key, n: s.n - (start.stats[key]?.n ?? 0), ms: s.ms - (start.stats[key]?.ms ?? 0) }))
    .filter((r) => r.n > 0)
    .sort((a, b) => b.n - a.n);
  const n = rows.reduce((sum, r) => sum + r.n, 0);
  console.log(`== ${end.argv.split('/').at(-2)}: ${n} commands in ${((end.at - start.at) / 1000).toFixed(0)} s, ${(n / Number(per)).toFixed(1)} per unit`);
  for (const r of rows.slice(0, 30)) console.log(`  ${(r.n / Number(per)).toFixed(2).padStart(6)} per unit  ${(r.ms / r.n).toFixed(1).padStart(6)} ms avg  ${r.key.trim()}`);
}
