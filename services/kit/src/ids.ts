import { v7 } from "uuid";

/** UUIDv7: time-ordered, so ids sort by creation and B-tree inserts stay at the right edge. */
export const newId = (): string => v7();

/** When a UUIDv7 was made (its first 48 bits are Unix milliseconds). */
export const idTime = (id: string): Date => new Date(Number.parseInt(id.replaceAll("-", "").slice(0, 12), 16));
