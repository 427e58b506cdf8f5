/**
 * Polls `read` until `ok` holds for what it returns, or `timeoutMs` passes,
 * and returns the last value read, so the test asserts on it (a timeout then
 * fails the assertion with the value actually seen).
 */
export async function eventually<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, everyMs));
    last = await read();
  }
  return last;
}

/** Waits until `check` holds; throws when it never does within `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  if (!(await eventually(check, Boolean, timeoutMs))) throw new Error(`condition not met within ${timeoutMs} ms`);
}
