import { HttpProblem } from "@ustbites/kit";
import { PROBLEM_TYPES } from "@ustbites/contracts";
import type { CartStore, StoredCart } from "./types.ts";

const MAX_ATTEMPTS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface CartChange<T> {
  /** The cart to store; null deletes it. */
  next: StoredCart | null;
  result: T;
}

/**
 * Applies `change` to the user's cart atomically: read, compute, write only if nobody wrote in
 * between, otherwise start again from what they wrote. `change` must be pure (it may run several
 * times); it throws an HttpProblem to refuse, and then nothing is written.
 */
export async function updateCart<T>(
  store: CartStore,
  userId: string,
  change: (current: StoredCart | null) => CartChange<T>,
): Promise<T> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { cart, version } = await store.read(userId);
    const { next, result } = change(cart);
    if (await store.compareAndSet(userId, version, next)) return result;
    // Random back-off spreads out writers that collided, so one of them wins the next round.
    await sleep(Math.random() * Math.min(2 ** attempt, 50));
  }
  throw new HttpProblem(503, "Service Unavailable", {
    type: PROBLEM_TYPES.upstreamUnavailable,
    detail: "The cart is changing too fast; try again",
    headers: { "retry-after": "1" },
  });
}
