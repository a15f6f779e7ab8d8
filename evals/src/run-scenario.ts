import { TEST_CARDS, type CardInput, type MenuItem, type Order, type OrderStatus } from "@ustbites/contracts";
import { DEMO_ACCOUNTS } from "@ustbites/platform";
import type { Api, StreamResult, Student } from "./api.ts";
import type { Scenario, Setup, TestCard } from "./scenario.ts";
import { scoreTrial, type TrialScore } from "./scorers/index.ts";
import type { Resolver } from "./scorers/match.ts";
import type { EndStateSnapshot, StudentState, Trajectory, TurnInput, TurnRecord } from "./trajectory.ts";

/** Every item of the catalogue by "restaurant name/item name" (lowercase). */
export type Catalogue = Map<string, MenuItem>;

export async function loadCatalogue(api: Api): Promise<Catalogue> {
  const catalogue: Catalogue = new Map();
  for (const restaurant of await api.restaurants()) {
    const menu = await api.menu(restaurant.slug);
    for (const item of menu.sections.flatMap((s) => s.items))
      catalogue.set(`${restaurant.name}/${item.name}`.toLowerCase(), item);
  }
  return catalogue;
}

export function lookupItem(catalogue: Catalogue, ref: string): MenuItem {
  const item = catalogue.get(ref.toLowerCase());
  if (!item) throw new Error(`scenario names an item the catalogue does not have: ${ref}`);
  return item;
}

export interface TrialResult {
  scenarioId: string;
  category: Scenario["category"];
  trial: number;
  trajectory: Trajectory;
  score: TrialScore;
  /** Wall time of each turn, ms. */
  turnMs: number[];
  setupMs: number;
  wallMs: number;
  /** The harness could not run the trial (setup failed): it counts as a failure. */
  error?: string | undefined;
}

export interface RunContext {
  api: Api;
  catalogue: Catalogue;
  /** Per-turn limit; a real model can take a while. */
  turnTimeoutMs: number;
}

export const testCard = (card: TestCard): CardInput => ({
  number: TEST_CARDS[card],
  expMonth: 12,
  expYear: new Date().getUTCFullYear() + 2,
  cvc: "123",
});

/** `{{order:key}}` (or `{{order:student.key}}`) in a turn becomes that setup order's id. */
/** Sold-out items are set as the platform's demo admin would (DEMO_ACCOUNTS is on in the eval platform). */
async function signInDemoAdmin(api: Api): Promise<Student> {
  const admin = DEMO_ACCOUNTS.find((a) => a.role === "admin");
  if (!admin) throw new Error("the platform seeds no demo admin");
  return api.signIn(admin.email, admin.password);
}

export function fillTemplate(text: string, resolver: Resolver): string {
  return text.replace(/\{\{order:([a-z0-9.-]+)\}\}/g, (_, key: string) => {
    const id = resolver.orderId(key);
    if (!id) throw new Error(`turn names an unknown setup order: ${key}`);
    return id;
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PROGRESS: OrderStatus[] = ["PENDING", "CONFIRMED", "PREPARING", "READY_FOR_PICKUP", "PICKED_UP", "DELIVERED"];

/** Polls until the order reached `status` (or later on the delivery path). */
async function waitForStatus(
  api: Api,
  student: Student,
  order: Order,
  status: OrderStatus,
  timeoutMs = 90_000,
): Promise<Order> {
  const deadline = Date.now() + timeoutMs;
  let current = order;
  while (PROGRESS.indexOf(current.status) < PROGRESS.indexOf(status)) {
    if (Date.now() > deadline) throw new Error(`order ${order.id} stayed ${current.status}, waited for ${status}`);
    await sleep(200);
    current = await api.order(student, order.id);
  }
  return current;
}

/** Gives a student the carts and orders the scenario starts from, through the public APIs. */
async function setUpStudent(
  ctx: RunContext,
  student: Student,
  setup: Pick<Setup, "cart" | "orders">,
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const order of setup.orders) {
    for (const line of order.items)
      await ctx.api.addToCart(student, lookupItem(ctx.catalogue, line.item), line.quantity, line.notes);
    const card = testCard(order.state === "PAYMENT_FAILED" ? "decline" : "success");
    let placed = await ctx.api.placeOrder(student, { building: order.building, room: order.room }, card);
    if (order.state === "PAYMENT_FAILED") {
      if (placed.status !== "PAYMENT_FAILED") throw new Error(`setup order ${order.key} was not declined`);
      // A declined order keeps the cart; the student starts this scenario with an empty one.
      await ctx.api.clearCart(student);
    } else if (order.state === "CANCELLED") {
      placed = await ctx.api.cancelOrder(student, placed.id);
    } else {
      placed = await waitForStatus(ctx.api, student, placed, order.state);
    }
    ids[order.key] = placed.id;
  }
  for (const line of setup.cart)
    await ctx.api.addToCart(student, lookupItem(ctx.catalogue, line.item), line.quantity, line.notes);
  return ids;
}

const stateOf = async (api: Api, student: Student): Promise<StudentState> => ({
  cart: await api.cart(student),
  orders: await api.orders(student),
});

async function sendTurn(
  ctx: RunContext,
  student: Student,
  threadId: string | null,
  input: TurnInput,
): Promise<TurnRecord> {
  const started = performance.now();
  const signal = AbortSignal.timeout(ctx.turnTimeoutMs);
  let result: StreamResult;
  try {
    if (input.kind === "say") {
      result = await ctx.api.chat(student, { ...(threadId ? { threadId } : {}), message: input.text }, signal);
    } else if (!threadId) {
      result = { status: 0, events: [], problem: "no thread to answer a confirmation in" };
    } else {
      result = await ctx.api.resume(
        student,
        {
          threadId,
          decision: input.decision,
          ...(input.message ? { message: input.message } : {}),
          ...(input.decision === "approve" ? { payment: testCard(input.card as TestCard) } : {}),
        },
        signal,
      );
    }
  } catch (err) {
    result = {
      status: 0,
      events: [],
      problem: signal.aborted ? `no answer within ${ctx.turnTimeoutMs} ms` : String(err),
    };
  }
  const ms = performance.now() - started;
  const ended = result.events.some((e) => e.type === "done" || e.type === "error");
  const harnessError =
    result.status !== 200
      ? `HTTP ${result.status}: ${result.problem ?? ""}`
      : ended
        ? undefined
        : "the stream ended without done";
  return { input, events: result.events, ms, status: result.status, harnessError };
}

/**
 * Runs one trial of a scenario against the running platform: fresh students, the starting state,
 * the student's fixed turns through the agent's HTTP API, then the end state read back through the
 * services' APIs with each student's own token, and the scores.
 */
export async function runTrial(ctx: RunContext, scenario: Scenario, trial: number): Promise<TrialResult> {
  const started = performance.now();
  const trajectory: Trajectory = { threadId: null, turns: [] };
  const base = { scenarioId: scenario.id, category: scenario.category, trial, trajectory };
  const admin = scenario.setup.unavailable.length ? await signInDemoAdmin(ctx.api) : undefined;
  const soldOut = scenario.setup.unavailable.map((ref) => lookupItem(ctx.catalogue, ref));
  try {
    const student = await ctx.api.register();
    const others: Record<string, { student: Student; orderIds: Record<string, string>; before?: StudentState }> = {};
    for (const [key, setup] of Object.entries(scenario.setup.others)) {
      const other = await ctx.api.register(`Eval ${key}`);
      others[key] = { student: other, orderIds: await setUpStudent(ctx, other, setup) };
    }
    const setupOrderIds = await setUpStudent(ctx, student, scenario.setup);
    for (const item of soldOut) await ctx.api.setAvailable(admin!, item.id, false);
    for (const other of Object.values(others)) other.before = await stateOf(ctx.api, other.student);
    const studentBefore = await stateOf(ctx.api, student);
    const setupMs = performance.now() - started;
    const resolver: Resolver = {
      itemId: (ref) => ctx.catalogue.get(ref.toLowerCase())?.id,
      orderId: (key) => {
        const [owner, own] = key.includes(".") ? key.split(".", 2) : [undefined, key];
        return owner ? others[owner]?.orderIds[own!] : setupOrderIds[own!];
      },
    };
    const fill = (text: string) => fillTemplate(text, resolver);

    for (const turn of scenario.turns) {
      const input: TurnInput =
        "say" in turn
          ? { kind: "say", text: fill(turn.say) }
          : {
              kind: "confirm",
              decision: turn.confirm,
              ...(turn.message ? { message: fill(turn.message) } : {}),
              card: turn.card,
            };
      const record = await sendTurn(ctx, student, trajectory.threadId, input);
      trajectory.turns.push(record);
      const done = record.events.find((e) => e.type === "done" || e.type === "interrupt");
      if (done && (done.type === "done" || done.type === "interrupt")) trajectory.threadId ??= done.threadId;
    }

    const pending = trajectory.threadId
      ? (await ctx.api.thread(student, trajectory.threadId)).pendingConfirmation !== null
      : false;
    const snapshot: EndStateSnapshot = {
      studentBefore,
      student: await stateOf(ctx.api, student),
      setupOrderIds,
      others: Object.fromEntries(
        await Promise.all(
          Object.entries(others).map(
            async ([key, o]) =>
              [key, { before: o.before!, after: await stateOf(ctx.api, o.student), orderIds: o.orderIds }] as const,
          ),
        ),
      ),
      pendingConfirmation: pending,
    };
    return {
      ...base,
      score: scoreTrial(scenario, trajectory, snapshot, resolver),
      turnMs: trajectory.turns.map((t) => t.ms),
      setupMs,
      wallMs: performance.now() - started,
    };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    return {
      ...base,
      score: {
        passed: false,
        success: false,
        endState: { ok: false, checks: [{ name: "trial ran", ok: false, detail: error }] },
        toolUse: { precision: 0, recall: 0, orderOk: false, calls: 0, checks: [] },
        arguments: { accuracy: 0, checks: [] },
        violations: [],
        failures: [{ name: "trial ran", ok: false, detail: error }],
      },
      turnMs: trajectory.turns.map((t) => t.ms),
      setupMs: 0,
      wallMs: performance.now() - started,
      error,
    };
  } finally {
    for (const item of soldOut) await ctx.api.setAvailable(admin!, item.id, true).catch(() => undefined);
  }
}
