import {
  CART_LINES_MAX,
  CART_QUANTITY_MAX,
  CART_RESTAURANT_CONFLICT,
  PROBLEM_TYPES,
  type MenuItem,
} from "@ustbites/contracts";
import { HttpProblem } from "@ustbites/kit";
import type { StoredCart, StoredLine } from "../store/types.ts";

// The cart rules, as pure functions of the stored cart: they may run more than once when writers
// race (see store/update.ts), so they read nothing and write nothing themselves.

export interface Clock {
  now: () => Date;
  newId: () => string;
}

/** Empty notes mean no notes, so "" and an absent field find the same line. */
const normalizeNotes = (notes: string | null | undefined): string | null => (notes ? notes : null);

export const lineNotFound = (lineId: string) =>
  new HttpProblem(404, "Not Found", { type: PROBLEM_TYPES.notFound, detail: `Your cart has no line ${lineId}` });

const tooMany = (field: string, had: number, adding: number) =>
  new HttpProblem(409, "Conflict", {
    type: PROBLEM_TYPES.cartLimit,
    detail: `${field}: the line already holds ${had}; adding ${adding} would exceed ${CART_QUANTITY_MAX} per line`,
    errors: [{ field, message: `at most ${CART_QUANTITY_MAX} per line; the line already holds ${had}` }],
  });

export function addItem(
  current: StoredCart | null,
  add: { item: MenuItem; quantity: number; notes?: string | null | undefined },
  clock: Clock,
): StoredCart {
  const { item } = add;
  const lines = current?.lines ?? [];
  if (current && lines.length > 0 && current.restaurantId !== item.restaurantId) {
    throw new HttpProblem(409, "Conflict", {
      type: CART_RESTAURANT_CONFLICT,
      detail: `Your cart has items from ${current.restaurantName ?? "another restaurant"}; clear it to order from ${item.restaurantName}`,
    });
  }
  const notes = normalizeNotes(add.notes);
  const same = lines.find((line) => line.itemId === item.id && line.notes === notes);
  let next: StoredLine[];
  if (same) {
    if (same.quantity + add.quantity > CART_QUANTITY_MAX) throw tooMany("body.quantity", same.quantity, add.quantity);
    next = lines.map((line) =>
      line === same ? { ...line, name: item.name, quantity: line.quantity + add.quantity } : line,
    );
  } else {
    if (lines.length >= CART_LINES_MAX) {
      throw new HttpProblem(409, "Conflict", {
        type: PROBLEM_TYPES.cartLimit,
        detail: `A cart holds at most ${CART_LINES_MAX} lines; remove one first`,
      });
    }
    next = [...lines, { lineId: clock.newId(), itemId: item.id, name: item.name, quantity: add.quantity, notes }];
  }
  return {
    restaurantId: item.restaurantId,
    restaurantName: item.restaurantName,
    lines: next,
    updatedAt: clock.now().toISOString(),
  };
}

export function updateLine(
  current: StoredCart | null,
  lineId: string,
  patch: { quantity?: number | undefined; notes?: string | null | undefined },
  clock: Pick<Clock, "now">,
): StoredCart {
  const line = current?.lines.find((l) => l.lineId === lineId);
  if (!current || !line) throw lineNotFound(lineId);
  const changed: StoredLine = {
    ...line,
    ...(patch.quantity !== undefined ? { quantity: patch.quantity } : {}),
    ...(patch.notes !== undefined ? { notes: normalizeNotes(patch.notes) } : {}),
  };
  return {
    ...current,
    lines: current.lines.map((l) => (l === line ? changed : l)),
    updatedAt: clock.now().toISOString(),
  };
}

export function removeLine(current: StoredCart | null, lineId: string, clock: Pick<Clock, "now">): StoredCart {
  if (!current?.lines.some((l) => l.lineId === lineId)) throw lineNotFound(lineId);
  const lines = current.lines.filter((l) => l.lineId !== lineId);
  // The last line gone frees the cart for any restaurant.
  const owner =
    lines.length > 0
      ? { restaurantId: current.restaurantId, restaurantName: current.restaurantName }
      : { restaurantId: null, restaurantName: null };
  return { ...owner, lines, updatedAt: clock.now().toISOString() };
}
