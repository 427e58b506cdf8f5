/*
 * Where a benchmark's database commands go (issue 13's figures): a preload that counts every MongoDB command of the
 * process (both drivers: ours and mongoose's own) by command and collection, with its total latency, and appends a
 * cumulative snapshot to $CMD_PROBE_DIR/cmd-probe-<pid>.jsonl every 2 s. Not loaded by anything in production.
 *
 *   mkdir -p /tmp/cmdp && CMD_PROBE_DIR=/tmp/cmdp NODE_OPTIONS="-r $PWD/tools/bench/cmd-probe.cjs" make bench-sync BENCH_SYNC_ARGS='--rounds 0 --sizes 1000'
 *   node tools/bench/cmd-probe-report.mjs /tmp/cmdp 38 1000   # the last 38 s of activity (the copy), per 1,000 revisions
 */
const drivers = ['mongodb', 'mongoose/node_modules/mongodb'].flatMap((m) => { try { return [require(m).MongoClient]; } catch { return []; } });
const stats = new Map();
const started = new Map();
for (const MongoClient of new Set(drivers)) {
const connect = MongoClient.prototype.connect;
MongoClient.prototype.connect = function (...args) {
  if (!this.__probed) {
    this.__probed = true;
    this.monitorCommands = true;
    this.on('commandStarted', (e) => {
      const coll = e.command[e.commandName];
      started.set(e.requestId, `${e.commandName} ${typeof coll === 'string' ? coll : ''} ${e.commandName === 'insert' ? 'n=' + Math.min(e.command.documents?.length ?? 0, 9) : ''}`);
    });
    const done = (e) => {
      const key = started.get(e.requestId) ?? e.commandName;
      started.delete(e.requestId);
      const s = stats.get(key) ?? { n: 0, ms: 0 };
      s.n++; s.ms += e.duration;
      stats.set(key, s);
    };
    this.on('commandSucceeded', done);
    this.on('commandFailed', done);
  }
  return connect.apply(this, args);
};
}
const file = `${process.env.CMD_PROBE_DIR ?? '/tmp'}/cmd-probe-${process.pid}.jsonl`;
const { appendFileSync } = require('node:fs');
setInterval(() => appendFileSync(file, JSON.stringify({ at: Date.now(), argv: process.argv[1], stats: Object.fromEntries(stats) }) + '\n'), 2000).unref();
