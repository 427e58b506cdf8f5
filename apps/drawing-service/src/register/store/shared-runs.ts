/**
 * Per key, the run of a task under way and the one that starts when it is done. A caller arriving while one runs
 * gets the next one, shared by every caller arriving before it starts: never a run begun before the caller asked.
 */
export class Shared<T> {
  private readonly flights = new Map<string, { running?: Promise<T>; queued?: Promise<T> }>();

  constructor(private readonly task: (key: string) => Promise<T>) {}

  run(key: string): Promise<T> {
    let flight = this.flights.get(key);
    if (!flight) this.flights.set(key, (flight = {}));
    const running = flight.running;
    if (!running) return this.start(key, flight);
    const f = flight;
    // Not the running one: it may have started before this caller asked.
    f.queued ??= running.then(noop, noop).then(() => {
      f.queued = undefined;
      return this.start(key, f);
    });
    return f.queued;
  }

  private start(key: string, flight: { running?: Promise<T>; queued?: Promise<T> }): Promise<T> {
    const run = this.task(key);
    flight.running = run;
    const done = () => {
      if (flight.running !== run) return;
      flight.running = undefined;
      if (!flight.queued && this.flights.get(key) === flight) this.flights.delete(key);
    };
    run.then(done, done);
    return run;
  }
}

const noop = (): void => undefined;
