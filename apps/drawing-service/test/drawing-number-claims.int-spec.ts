import { ChangeLog } from '@connect/persistence';
import { raceOnce, racingConnections } from '@connect/testing';
import { Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { DrawingNumbers } from '../src/register/drawings/drawing-numbers';
import { DrawingSchema, DrawingState } from '../src/register/schemas/drawing.schema';
import { EntityStore } from '../src/register/store/entity-store';
import { RegisterStore } from '../src/register/store/register.store';

/**
 * Issue 12: "a drawing number is unique per project" (D-register) holds when writers race for a
 * stale claim (one whose drawing was never written: its writer crashed). On FerretDB a
 * conditional delete is a filter in Go and then a delete by `_id`, so a takeover by delete lets
 * two writers through; a takeover by compare-and-set on the lease's `version` lets exactly one.
 * Every writer has a database connection of its own, so the writes really run at once in the server.
 */
const WRITERS = 20;
const ROUNDS = 100;

describe('drawing-number claims: racing for a stale claim (issue 12)', () => {
  let racing: Awaited<ReturnType<typeof racingConnections>>;
  let conns: Connection[];
  let writers: DrawingNumbers[];

  beforeAll(async () => {
    racing = await racingConnections(WRITERS, 'drawing_numbers');
    conns = racing.conns;
    writers = conns.map((conn) => numbersOn(conn));
  });
  afterAll(() => racing?.close());

  /** DrawingNumbers as drawing-service builds it, on one connection: its claims, and the drawings it judges them by (read only: no change log). */
  function numbersOn(conn: Connection): DrawingNumbers {
    const drawings = new EntityStore<DrawingState>('drawing', conn.model<DrawingState>('Drawing', DrawingSchema, 'drawings'), { register: () => undefined } as unknown as ChangeLog, 'DRAWING_NOT_FOUND');
    return new DrawingNumbers({ drawings } as RegisterStore, conn);
  }

  /**
   * A claim long enough ago to be stale: its writer died before it wrote its drawing (even
   * rounds), or its drawing was renumbered and the old number never let go (odd rounds).
   */
  async function staleClaim(projectId: string, number: string, round: number): Promise<void> {
    const holder = `gone-${randomUUID()}`;
    await writers[0].holding(projectId, holder, null, number, async () => {
      if (round % 2 === 1) await conns[0].collection('drawings').insertOne({ _id: holder, projectId, number: `${number}-renumbered` } as never);
    });
    // ten minutes ago (raising `version`, as every in-place change must)
    await conns[0].collection('drawing_numbers').updateOne({ _id: `${projectId}:${number}` } as never, { $set: { changedAt: new Date(Date.now() - 600_000) }, $inc: { version: 1 } });
  }

  it('of writers racing for the same stale claim, exactly one wins the number and writes its drawing; the others get DRAWING_NUMBER_TAKEN', async () => {
    const projectId = randomUUID();
    const drawings = conns[0].collection('drawings');
    const winners: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const number = `A-${round}`;
      await staleClaim(projectId, number, round);
      const write = (numbers: DrawingNumbers, i: number) =>
        numbers.holding(projectId, `d-${round}-${i}`, null, number, () => drawings.insertOne({ _id: `d-${round}-${i}`, projectId, number } as never));
      winners.push(await raceOnce(writers, write, 'DRAWING_NUMBER_TAKEN'));
    }
    expect(winners).toEqual(Array.from({ length: ROUNDS }, () => 1));
    // and the register agrees: one drawing per number
    const perNumber = await drawings.aggregate<{ _id: string; n: number }>([{ $match: { projectId } }, { $group: { _id: '$number', n: { $sum: 1 } } }]).toArray();
    expect(perNumber.filter((g) => g.n !== 1)).toEqual([]);
  });
});
