import { RegisterStamps } from './register-stamps';

/** Stamp reads are shared, but never one that began before the caller asked (issue 17.6: a read after a write is fresh). */
describe('RegisterStamps.of', () => {
  function setup() {
    const reads: Array<{ projectId: string; answer(stamp: string | null): void }> = [];
    const model = {
      findById: (projectId: string) => ({
        lean: () => ({
          exec: () => new Promise((resolve) => reads.push({ projectId, answer: (stamp) => resolve(stamp === null ? null : { _id: projectId, stamp }) })),
        }),
      }),
    };
    return { stamps: new RegisterStamps(model as never), reads };
  }
  const tick = () => new Promise((r) => setImmediate(r));

  it('a caller arriving while a read runs gets the next read, which all such callers share', async () => {
    const { stamps, reads } = setup();
    const first = stamps.of('p1');
    await tick();
    expect(reads).toHaveLength(1);
    // The stamp moves now (a change answered), while the first read is under way: later callers must not get its answer.
    const later = Array.from({ length: 20 }, () => stamps.of('p1'));
    reads[0].answer('old');
    await expect(first).resolves.toBe('old');
    await tick();
    expect(reads).toHaveLength(2);
    reads[1].answer('new');
    await expect(Promise.all(later)).resolves.toEqual(later.map(() => 'new'));
    // Idle again: the next caller starts a read of its own at once.
    const again = stamps.of('p1');
    await tick();
    expect(reads).toHaveLength(3);
    reads[2].answer(null);
    await expect(again).resolves.toBeNull();
  });

  it('projects do not share reads', async () => {
    const { stamps, reads } = setup();
    const a = stamps.of('p1');
    const b = stamps.of('p2');
    await tick();
    expect(reads.map((r) => r.projectId)).toEqual(['p1', 'p2']);
    reads[0].answer('a');
    reads[1].answer('b');
    await expect(Promise.all([a, b])).resolves.toEqual(['a', 'b']);
  });
});

describe('RegisterStamps.move', () => {
  const duplicate = () => Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
  function stampsFailing(failures: unknown[]) {
    let writes = 0;
    const model = {
      updateOne: () => ({
        exec: () => {
          writes++;
          const err = failures.shift();
          return err ? Promise.reject(err) : Promise.resolve({ acknowledged: true });
        },
      }),
    };
    return { stamps: new RegisterStamps(model as never), writes: () => writes };
  }

  it('issue 17.6: a first move racing other first moves retries its upsert (twice), then lands', async () => {
    const { stamps, writes } = stampsFailing([duplicate(), duplicate()]);
    await expect(stamps.move('p1')).resolves.toBeUndefined();
    expect(writes()).toBe(3);
  });

  it('fails on anything but a duplicate key, and after three duplicates', async () => {
    const other = new Error('database gone');
    await expect(stampsFailing([other]).stamps.move('p1')).rejects.toBe(other);
    await expect(stampsFailing([duplicate(), duplicate(), duplicate()]).stamps.move('p1')).rejects.toMatchObject({ code: 11000 });
  });
});

/** Moves are shared like reads, but a caller never shares one that began before it called (its state had not landed yet). */
describe('RegisterStamps.move, shared', () => {
  function setup() {
    const writes: Array<{ projectId: string; done(err?: unknown): void }> = [];
    const model = {
      updateOne: (q: { _id: string }) => ({
        exec: () => new Promise((resolve, reject) => writes.push({ projectId: q._id, done: (err) => (err ? reject(err) : resolve({ acknowledged: true })) })),
      }),
    };
    return { stamps: new RegisterStamps(model as never), writes };
  }
  const tick = () => new Promise((r) => setImmediate(r));

  it('callers arriving while a move runs share the next one, which starts when it is done', async () => {
    const { stamps, writes } = setup();
    let firstDone = false;
    const first = stamps.move('p1').then(() => (firstDone = true));
    await tick();
    expect(writes).toHaveLength(1);
    const later = Array.from({ length: 20 }, () => stamps.move('p1'));
    await tick();
    expect(writes).toHaveLength(1); // none starts beside the running one
    writes[0].done();
    await first;
    await tick();
    expect(writes).toHaveLength(2);
    let laterDone = false;
    const all = Promise.all(later).then(() => (laterDone = true));
    await tick();
    expect(laterDone).toBe(false); // the running move began before they called: not theirs
    writes[1].done();
    await all;
    expect(firstDone && laterDone).toBe(true);
    // Idle again: the next move starts at once; another project's does not wait.
    const again = stamps.move('p1');
    const other = stamps.move('p2');
    await tick();
    expect(writes.map((w) => w.projectId)).toEqual(['p1', 'p1', 'p1', 'p2']);
    writes[2].done();
    writes[3].done();
    await Promise.all([again, other]);
  });

  it('a failed running move does not fail the callers queued behind it', async () => {
    const { stamps, writes } = setup();
    const first = stamps.move('p1');
    first.catch(() => undefined);
    await tick();
    const later = stamps.move('p1');
    writes[0].done(new Error('database gone'));
    await expect(first).rejects.toThrow('database gone');
    await tick();
    writes[1].done();
    await expect(later).resolves.toBeUndefined();
  });
});
