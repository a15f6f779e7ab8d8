import type { DietaryTag } from "@ustbites/contracts";
import type { NoteFix } from "./understand/note-fix.ts";

export interface Address {
  building: string;
  room?: string;
  instructions?: string;
}

/** One thing the student asked to add: "two paneer tikka wraps, no onions". */
export interface AddRequest {
  name: string;
  /** Among several matches, prefer the one most like this name (a correction of a dish just added). */
  like?: string;
  quantity: number;
  notes?: string;
}

export interface SearchSlots {
  dish?: string;
  /** A restaurant named with the dish: "what ramen does sakura have". */
  restaurant?: string;
  /** 0 = not spicy at all … 3; "not too spicy" = 1. */
  maxSpice?: number;
  /** "something really spicy": the hottest first. */
  spicy?: boolean;
  /** "cheapest first", "sort by price". */
  byPrice?: boolean;
  cuisine?: string;
  tag?: DietaryTag;
  maxPriceCents?: number;
  openNow?: boolean;
}

/** What the student's latest message asks for, with the slots read from it. */
export type Intent =
  | { kind: "greeting" }
  | { kind: "help" }
  | { kind: "thanks" }
  | ({ kind: "search" } & SearchSlots)
  | { kind: "menu"; restaurant?: string; tag?: DietaryTag; maxPriceCents?: number }
  | { kind: "add"; items: AddRequest[]; restaurant?: string; address?: Address }
  | { kind: "update"; target?: string; quantity?: number; notes?: string; replaceNotes?: boolean; noteFix?: NoteFix }
  | { kind: "remove"; target?: string; quantity?: number }
  | { kind: "clear" }
  | { kind: "view_cart" }
  | { kind: "checkout"; address?: Address; bypassAttempt?: boolean }
  | { kind: "address"; address: Address }
  | { kind: "confirm" }
  | { kind: "reject" }
  | { kind: "order_status"; orderRef?: string; all?: boolean; about?: string }
  | { kind: "track"; orderRef?: string; about?: string }
  | { kind: "cancel_order"; orderRef?: string; reason?: string; about?: string }
  | { kind: "others_data" }
  | { kind: "bypass" }
  | { kind: "off_topic" }
  | { kind: "abuse" }
  | { kind: "unknown"; text: string };

export type IntentKind = Intent["kind"];

export interface PlannedCall {
  name: string;
  args: Record<string, unknown>;
}

/** The model's next message: text, tool calls, or both. */
export interface Decision {
  text: string;
  toolCalls: PlannedCall[];
}
