import { isRefField, REF_KINDS, shortOrderId, ToolError, type RefKind } from "@ustbites/contracts";

/** handle → UUID, per thread (checkpointed with the thread's state). */
export type RefTable = Record<string, string>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PREFIX: Record<Exclude<RefKind, "order">, string> = { item: "i", line: "l", restaurant: "r" };
const WHAT: Record<RefKind, string> = { item: "dish", line: "cart line", restaurant: "restaurant", order: "order" };
const FINDER: Record<RefKind, string> = {
  item: "find_items or get_menu",
  line: "view_cart",
  restaurant: "search_restaurants",
  order: "list_my_orders",
};

const kindOfHandle = (handle: string): RefKind | undefined => {
  if (/^i\d+$/.test(handle)) return "item";
  if (/^l\d+$/.test(handle)) return "line";
  if (/^r\d+$/.test(handle)) return "restaurant";
  if (/^[0-9a-f]{8}(-\d+)?$/.test(handle)) return "order";
  return undefined;
};

/**
 * Handles for UUIDs, shared by every tool result of a thread: `i3` for a dish, `l1` for a cart line,
 * `r2` for a restaurant, and an order's short id (the one the app and emails show). A model reads a
 * handle in a few tokens where a UUID costs twenty, and cannot make one up that passes for another.
 */
export class RefRegistry {
  private readonly byId = new Map<string, string>();
  private readonly counters: Record<string, number> = {};
  readonly added: RefTable = {};
  private readonly table: RefTable;

  constructor(table: RefTable) {
    this.table = table;
    for (const [handle, id] of Object.entries(table)) {
      this.byId.set(id, handle);
      const number = /^[a-z](\d+)$/.exec(handle);
      if (number) this.counters[handle[0]!] = Math.max(this.counters[handle[0]!] ?? 0, Number(number[1]));
    }
  }

  /** The handle for `id`, making one the first time. */
  handleFor(kind: RefKind, id: string): string {
    const known = this.byId.get(id);
    if (known) return known;
    let handle: string;
    if (kind === "order") {
      handle = shortOrderId(id);
      for (let n = 2; this.lookup(handle); n++) handle = `${shortOrderId(id)}-${n}`;
    } else {
      const prefix = PREFIX[kind];
      this.counters[prefix] = (this.counters[prefix] ?? 0) + 1;
      handle = `${prefix}${this.counters[prefix]}`;
    }
    this.byId.set(id, handle);
    this.added[handle] = id;
    return handle;
  }

  private lookup(handle: string): string | undefined {
    return this.added[handle] ?? this.table[handle];
  }

  /** A tool result as the model reads it: every id field's UUID replaced by its handle. */
  render(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.render(v));
    if (typeof value !== "object" || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [
        key,
        isRefField(key) && typeof v === "string" && UUID.test(v) ? this.handleFor(REF_KINDS[key], v) : this.render(v),
      ]),
    );
  }

  /**
   * A model's id argument → the UUID to send, or a ToolError the model can fix. Dishes and cart lines
   * must have been shown in this thread; an order's or restaurant's own UUID (or a restaurant slug)
   * passes through, since the service checks them against the student anyway.
   */
  resolve(kind: RefKind, field: string, raw: string): string | ToolError {
    const value = raw.trim().replace(/^#/, "");
    const id = this.lookup(value) ?? this.lookup(value.toLowerCase());
    if (id) {
      const handleKind = kindOfHandle(value.toLowerCase());
      if (handleKind && handleKind !== kind) {
        return unknownRef(
          `${field} ${value} is a ${WHAT[handleKind]} id, not a ${WHAT[kind]} id; ${FINDER[kind]} shows ${WHAT[kind]} ids`,
        );
      }
      return id;
    }
    if (UUID.test(value)) {
      if (this.byId.has(value.toLowerCase()) || kind === "order" || kind === "restaurant") return value.toLowerCase();
    } else if (kind === "restaurant" && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value) && !kindOfHandle(value)) {
      return value;
    }
    return unknownRef(`${field} ${value} was not shown in this conversation; ${FINDER[kind]} shows ${WHAT[kind]} ids`);
  }

  /** Resolves every id argument of a call (top level: the tools take ids only there). */
  resolveArgs(args: Record<string, unknown>): { args: Record<string, unknown> } | { error: ToolError } {
    const out: Record<string, unknown> = { ...args };
    for (const [key, value] of Object.entries(args)) {
      if (!isRefField(key) || typeof value !== "string") continue;
      const resolved = this.resolve(REF_KINDS[key], key, value);
      if (typeof resolved !== "string") return { error: resolved };
      out[key] = resolved;
    }
    return { args: out };
  }
}

const unknownRef = (message: string): ToolError => ({ error: { code: "unknown_ref", message } });
