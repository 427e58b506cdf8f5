/**
 * At most `size` sends in flight. `add` waits for a free slot, which is how
 * the upload applies backpressure: while the window is full the HTTP body is
 * not read. The first failure is kept and thrown by every later `add` and by
 * `drain`, so the producer stops at once.
 */
export class SendWindow {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(private readonly size: number) {}

  async add(send: () => Promise<unknown>): Promise<void> {
    this.throwIfFailed();
    while (this.inFlight.size >= this.size) {
      await Promise.race(this.inFlight);
      this.throwIfFailed();
    }
    const task: Promise<void> = send()
      .then(
        () => undefined,
        (error: unknown) => {
          this.failure ??= { error };
        },
      )
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  /** Waits for every send; throws the first failure. */
  async drain(): Promise<void> {
    await this.settled();
    this.throwIfFailed();
  }

  /** Waits for every send, whatever their outcome (before discarding what they stored). */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.race(this.inFlight);
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
