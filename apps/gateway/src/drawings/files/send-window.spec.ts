import { SendWindow } from './send-window';

function deferred() {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('SendWindow (backpressure of chunk sends)', () => {
  it('keeps at most `size` sends in flight and waits for a free slot', async () => {
    const window = new SendWindow(2);
    const sends = [deferred(), deferred(), deferred()];
    await window.add(() => sends[0].promise);
    await window.add(() => sends[1].promise);
    let thirdAdded = false;
    const third = window.add(() => sends[2].promise).then(() => (thirdAdded = true));
    await tick();
    expect(thirdAdded).toBe(false);
    sends[0].resolve();
    await third;
    expect(thirdAdded).toBe(true);
    sends[1].resolve();
    sends[2].resolve();
    await expect(window.drain()).resolves.toBeUndefined();
  });

  it('throws the first failure from the next add and from drain', async () => {
    const window = new SendWindow(1);
    const first = deferred();
    await window.add(() => first.promise);
    const second = window.add(() => Promise.resolve());
    first.reject(new Error('FILE_TOO_LARGE'));
    await expect(second).rejects.toThrow('FILE_TOO_LARGE');
    await expect(window.drain()).rejects.toThrow('FILE_TOO_LARGE');
  });

  it('settled waits for every send without throwing', async () => {
    const window = new SendWindow(3);
    const a = deferred();
    const b = deferred();
    await window.add(() => a.promise);
    await window.add(() => b.promise);
    let settled = false;
    const done = window.settled().then(() => (settled = true));
    a.reject(new Error('boom'));
    await tick();
    expect(settled).toBe(false);
    b.resolve();
    await done;
    expect(settled).toBe(true);
  });
});
