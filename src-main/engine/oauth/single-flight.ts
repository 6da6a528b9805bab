/**
 * At most one run per key: a caller that comes while one is in flight gets that run's promise,
 * and the run is forgotten once it settles, whether it succeeded or not.
 */
export interface Flights<T> {
  running(key: string): Promise<T> | undefined;
  /** Joins the run in flight for `key`, or starts one with `start`. */
  run(key: string, start: () => Promise<T>): Promise<T>;
}

export function createFlights<T>(): Flights<T> {
  const runs = new Map<string, Promise<T>>();
  return {
    running: (key) => runs.get(key),
    run(key, start) {
      const running = runs.get(key);
      if (running !== undefined) {
        return running;
      }
      const run: Promise<T> = start().finally(() => {
        if (runs.get(key) === run) {
          runs.delete(key);
        }
      });
      runs.set(key, run);
      return run;
    },
  };
}
