/*
 * Seeds published drawings into a project through drawing-service's own
 * commands over the broker (what the gateway sends for an HTTP upload: chunks,
 * complete, create; then publish in bulk): api-load.mjs runs it to build its
 * 10,000-drawing register in minutes instead of hours of HTTP uploads.
 *
 *   AMQP_URL=… node -r @swc-node/register -r tsconfig-paths/register tools/bench/seed-register.ts '<SeedTarget JSON>' <count>
 */
import 'reflect-metadata';
import { BrokerRpc, SeedTarget, seedPublishedRevisions } from '@connect/testing';

async function main(): Promise<void> {
  const target = JSON.parse(process.argv[2]) as SeedTarget;
  const count = Number(process.argv[3]);
  const url = process.env['AMQP_URL'];
  if (!url) throw new Error('AMQP_URL is not set (make bench-api takes it from scripts/stack.sh env)');
  const rpc = await BrokerRpc.open(url);
  try {
    const t0 = Date.now();
    await seedPublishedRevisions(rpc, target, count, { prefix: 'A', concurrency: Number(process.env['BENCH_SEED_PARALLEL'] ?? 16) });
    console.error(`seeded ${count} published drawings through drawing-service's commands in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  } finally {
    await rpc.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
