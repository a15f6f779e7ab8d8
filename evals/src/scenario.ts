import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { OrderStatus } from "@ustbites/contracts";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

/**
 * One eval scenario, as written in `scenarios/<category>/<id>.yaml`. Everything a scenario names is
 * by the seeded catalogue's names ("Spice Route/Paneer Tikka Wrap"), never by id: ids are resolved
 * by the harness when the platform is up.
 */

/** The categories of the main suite (evals/scenarios/): each holds several scenarios. */
export const CORE_CATEGORIES = [
  "browse-search",
  "single-item-order",
  "multi-item-order",
  "line-notes",
  "cart-edits",
  "clarification",
  "unavailable-closed",
  "cart-conflict",
  "checkout-confirmation",
  "payment-declined",
  "order-status",
  "cancellation",
  "prompt-injection",
  "other-student",
  "off-topic-abuse",
] as const;

/** Categories only the paraphrase suite (evals/paraphrase/) uses: students' own wordings, written without reading the parser. */
export const PARAPHRASE_CATEGORIES = [
  "quantities",
  "typos",
  "vague-wants",
  "references",
  "corrections",
  "multi-request",
  "greetings-help",
] as const;

export const CATEGORIES = [...CORE_CATEGORIES, ...PARAPHRASE_CATEGORIES] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

/** "Restaurant Name/Item Name", exactly as in the seed catalogue (services/restaurant/src/seed/data.ts). */
export const ItemRef = z
  .string()
  .regex(/^[^/]+\/[^/]+$/, "an item is named 'Restaurant Name/Item Name'")
  .describe("A seeded item, 'Restaurant Name/Item Name'.");
export type ItemRef = z.infer<typeof ItemRef>;

export const TestCard = z
  .enum(["success", "decline", "insufficientFunds"])
  .describe("Which of contracts' TEST_CARDS the student pays with.");
export type TestCard = z.infer<typeof TestCard>;

const CartLineSetup = z.strictObject({
  item: ItemRef,
  quantity: z.number().int().min(1).max(20).default(1),
  notes: z.string().min(1).optional(),
});

/** A status an existing order is brought to before the conversation starts. */
export const SetupOrderState = z.enum(["CONFIRMED", "PICKED_UP", "DELIVERED", "PAYMENT_FAILED", "CANCELLED"]);

const OrderSetup = z.strictObject({
  /** How the scenario refers to this order: `$order:<key>` in argument constraints and end-state checks. */
  key: z.string().regex(/^[a-z0-9-]+$/),
  items: z.array(CartLineSetup).min(1),
  building: z.string().default("Hall 5"),
  room: z.string().optional(),
  /** Wait until the order reached (at least) this status; PAYMENT_FAILED pays with a declining card. */
  state: SetupOrderState.default("CONFIRMED"),
});

/** What one student has before the conversation starts. Carts and orders are per student. */
const StudentSetup = z.strictObject({
  cart: z.array(CartLineSetup).default([]),
  orders: z.array(OrderSetup).default([]),
});

export const Setup = z.strictObject({
  ...StudentSetup.shape,
  /**
   * Items made sold out for this scenario (restored afterwards). Availability is global, so such a
   * scenario runs alone, after the ones that can run in parallel.
   */
  unavailable: z.array(ItemRef).default([]),
  /** Other students and what they have: `$order:<student>.<key>` refers to their orders. */
  others: z.record(z.string().regex(/^[a-z0-9-]+$/), StudentSetup).default({}),
});
export type Setup = z.infer<typeof Setup>;

/** A fixed turn of the student: a message, or the answer to the pending confirmation. */
export const Turn = z.union([
  z.strictObject({ say: z.string().min(1) }),
  z.strictObject({
    confirm: z.enum(["approve", "reject", "change"]),
    message: z.string().min(1).optional(),
    card: TestCard.default("success"),
  }),
]);
export type Turn = z.infer<typeof Turn>;

/**
 * A value constraint. A plain value must be equal (strings case-insensitively); objects say more:
 * `{matches: regex}`, `{contains: text}`, `{item: ref}` (the seeded item's id), `{order: key}` (a
 * setup order's id), `{absent: true}`, `{oneOf: [...]}`, `{atLeast: n}`, `{atMost: n}`.
 */
export const Matcher: z.ZodType<Matcher> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.strictObject({ matches: z.string() }),
    z.strictObject({ contains: z.string() }),
    z.strictObject({ item: ItemRef }),
    z.strictObject({ order: z.string() }),
    z.strictObject({ absent: z.literal(true) }),
    z.strictObject({ oneOf: z.array(Matcher).min(1) }),
    z.strictObject({ atLeast: z.number() }),
    z.strictObject({ atMost: z.number() }),
  ]),
);
export type Matcher =
  | string
  | number
  | boolean
  | { matches: string }
  | { contains: string }
  | { item: string }
  | { order: string }
  | { absent: true }
  | { oneOf: Matcher[] }
  | { atLeast: number }
  | { atMost: number };

const LineExpectation = z.strictObject({
  name: z.string(),
  quantity: z.number().int().positive(),
  /** Kitchen notes: a matcher, or null for "no notes". */
  notes: z.union([Matcher, z.null()]).optional(),
});
export type LineExpectation = z.infer<typeof LineExpectation>;

/** "placed": paid and on its way, whatever courier state it has reached by the time it is read. */
const OrderStatusExpectation = z.union([OrderStatus, z.literal("placed"), z.array(OrderStatus).min(1)]);

const NewOrderExpectation = z.strictObject({
  restaurant: z.string(),
  status: OrderStatusExpectation.default("placed"),
  /** The exact lines of the order, in any order. */
  items: z.array(LineExpectation).min(1),
  building: Matcher.optional(),
  room: Matcher.optional(),
});
export type NewOrderExpectation = z.infer<typeof NewOrderExpectation>;

const CartExpectation = z.strictObject({
  restaurant: z.string().nullable().optional(),
  /** The exact lines of the cart, in any order; [] for an empty cart. */
  lines: z.array(LineExpectation),
});
export type CartExpectation = z.infer<typeof CartExpectation>;

const ReplyExpectation = z.strictObject({
  /** Each must appear (case-insensitively) in the assistant's words of the given turn. */
  contains: z.array(z.string()).default([]),
  /** At least one of these must appear. */
  containsAny: z.array(z.string()).default([]),
  notContains: z.array(z.string()).default([]),
  /** 0-based index of the turn; default the last. */
  turn: z.number().int().min(0).optional(),
});
export type ReplyExpectation = z.infer<typeof ReplyExpectation>;

/** What must hold in the services when the conversation is over, read through their APIs. */
export const EndState = z.strictObject({
  /** The orders placed during the conversation (exactly these; [] for none). Absent: not checked. */
  newOrders: z.array(NewOrderExpectation).optional(),
  /** The student's cart afterwards. Absent: not checked. */
  cart: CartExpectation.optional(),
  /** Statuses of setup orders afterwards, by key. */
  setupOrders: z.record(z.string(), OrderStatusExpectation).default({}),
  /** Whether a confirmation must (true) or must not (false) be pending at the end. */
  pendingConfirmation: z.boolean().optional(),
  /** Checks on the assistant's words. */
  replies: z.array(ReplyExpectation).default([]),
  /** At least one interrupt of this kind was shown during the conversation. */
  interrupted: z.enum(["place_order", "cancel_order"]).optional(),
});
export type EndState = z.infer<typeof EndState>;

/** "a|b": either tool satisfies the requirement. */
const ToolAlternatives = z.string().regex(/^[a-z_]+(\|[a-z_]+)*$/);

export const ArgConstraint = z.strictObject({
  tool: z.string(),
  /** Dotted argument paths (`deliveryAddress.building`) to matchers; one call must satisfy all. */
  args: z.record(z.string(), Matcher),
});
export type ArgConstraint = z.infer<typeof ArgConstraint>;

export const ToolExpectations = z.strictObject({
  /** Each entry must be called at least once; "a|b" accepts either. */
  required: z.array(ToolAlternatives).default([]),
  /** Calls that are fine but not required; precision counts calls outside required ∪ allowed. */
  allowed: z.array(z.string()).default([]),
  /** Any call to these is a policy violation. */
  forbidden: z.array(z.string()).default([]),
  /** [a, b]: the first call of a (alternatives with "|") comes before the first call of b. */
  order: z.array(z.tuple([ToolAlternatives, ToolAlternatives])).default([]),
  args: z.array(ArgConstraint).default([]),
});
export type ToolExpectations = z.infer<typeof ToolExpectations>;

export const Forbid = z.strictObject({
  /** Any tool call at all is a violation (off-topic and abusive messages). */
  anyToolCall: z.boolean().default(false),
  /**
   * The scenario plants an instruction (in menu data or the student's message): any place_order or
   * cancel_order call, any new order or cancellation is a violation.
   */
  orderAfterInjection: z.boolean().default(false),
});

export const Scenario = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  category: Category,
  description: z.string().min(1),
  setup: Setup.default({ cart: [], orders: [], unavailable: [], others: {} }),
  turns: z.array(Turn).min(1),
  expect: EndState,
  tools: ToolExpectations.default({ required: [], allowed: [], forbidden: [], order: [], args: [] }),
  forbid: Forbid.default({ anyToolCall: false, orderAfterInjection: false }),
});
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;

/** True when the scenario changes state other scenarios can see, so it must run alone. */
export const isExclusive = (s: Scenario): boolean => s.setup.unavailable.length > 0;

export class ScenarioFileError extends Error {}

/** Reads and validates every `*.yaml`/`*.json` under `dir`; ids must be unique. */
export async function loadScenarios(dir: string): Promise<Scenario[]> {
  const files = (await readdir(dir, { recursive: true })).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  const scenarios: Scenario[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const path = join(dir, file);
    const text = await readFile(path, "utf8");
    const raw: unknown = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
    const parsed = Scenario.safeParse(raw);
    if (!parsed.success) {
      throw new ScenarioFileError(
        `${relative(dir, path)}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      );
    }
    const other = seen.get(parsed.data.id);
    if (other) throw new ScenarioFileError(`${file}: id ${parsed.data.id} is already used by ${other}`);
    seen.set(parsed.data.id, file);
    scenarios.push(parsed.data);
  }
  return scenarios;
}

/** `--filter`: a category, a scenario id, or an id prefix. */
export function filterScenarios(scenarios: Scenario[], filter: string | undefined): Scenario[] {
  if (!filter) return scenarios;
  const wanted = filter
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  return scenarios.filter((s) => wanted.some((w) => s.category === w || s.id === w || s.id.startsWith(w)));
}
