import type { Matcher } from "../scenario.ts";

/** How names in a scenario become ids: seeded items by "Restaurant/Item", setup orders by key. */
export interface Resolver {
  itemId(ref: string): string | undefined;
  /** `key` for the student's own setup orders, `student.key` for another student's. */
  orderId(key: string): string | undefined;
}

export const emptyResolver: Resolver = { itemId: () => undefined, orderId: () => undefined };

const norm = (value: unknown) => (typeof value === "string" ? value.trim().toLowerCase() : value);

/** Whether `value` satisfies `matcher`; `undefined` means the value is absent. */
export function matches(matcher: Matcher, value: unknown, resolver: Resolver): boolean {
  if (typeof matcher !== "object") {
    if (typeof matcher === "string") return typeof value === "string" && norm(value) === norm(matcher);
    return value === matcher;
  }
  if ("absent" in matcher) return value === undefined || value === null;
  if ("oneOf" in matcher) return matcher.oneOf.some((m) => matches(m, value, resolver));
  if ("atLeast" in matcher) return typeof value === "number" && value >= matcher.atLeast;
  if ("atMost" in matcher) return typeof value === "number" && value <= matcher.atMost;
  if (typeof value !== "string") return false;
  if ("matches" in matcher) return new RegExp(matcher.matches, "i").test(value);
  if ("contains" in matcher) return value.toLowerCase().includes(matcher.contains.toLowerCase());
  if ("item" in matcher) {
    const id = resolver.itemId(matcher.item);
    return id !== undefined && value.toLowerCase() === id.toLowerCase();
  }
  const id = resolver.orderId(matcher.order);
  return id !== undefined && value.toLowerCase() === id.toLowerCase();
}

/** The value at a dotted path (`deliveryAddress.building`), or undefined. */
export function valueAt(object: unknown, path: string): unknown {
  let current: unknown = object;
  for (const key of path.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export const describeMatcher = (matcher: Matcher): string =>
  typeof matcher === "object" ? JSON.stringify(matcher) : JSON.stringify(matcher);
