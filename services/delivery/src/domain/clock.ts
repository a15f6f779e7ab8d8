/**
 * The delivery clock: simulated minutes (a restaurant's prep time, a courier's ride) become real
 * wall-clock instants, `speed` simulated seconds passing per real second. Every ETA and timestamp the
 * service stores or publishes is a real instant computed here, so it agrees with what a student's
 * watch says while the demo runs.
 */
export interface DeliveryClock {
  now(): Date;
  /** The real instant `simulatedMinutes` after `from`. */
  after(from: Date, simulatedMinutes: number): Date;
}

export function createDeliveryClock(speed: number, now: () => Date = () => new Date()): DeliveryClock {
  if (!(speed > 0)) throw new RangeError(`clock speed must be positive, got ${speed}`);
  return {
    now,
    after: (from, simulatedMinutes) => new Date(from.getTime() + Math.round((simulatedMinutes * 60_000) / speed)),
  };
}
