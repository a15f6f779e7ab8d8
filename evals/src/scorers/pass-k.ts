/** n choose k, exactly for the small numbers of trials used here. */
function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

/**
 * tau-bench's pass^k for one task from n trials of which c succeeded: the chance that k trials drawn
 * from them all succeed, C(c, k) / C(n, k). With n = k it is 1 when every trial passed, else 0.
 */
export function passHatK(trials: number, successes: number, k: number): number {
  if (k < 1 || k > trials) throw new RangeError(`k must be in 1..${trials}, got ${k}`);
  if (successes < 0 || successes > trials) throw new RangeError(`successes must be in 0..${trials}, got ${successes}`);
  return choose(successes, k) / choose(trials, k);
}

/** pass^k of a suite: the mean over tasks of each task's pass^k. */
export function suitePassHatK(tasks: { trials: number; successes: number }[], k: number): number {
  if (tasks.length === 0) return 0;
  return tasks.reduce((sum, t) => sum + passHatK(t.trials, t.successes, k), 0) / tasks.length;
}
