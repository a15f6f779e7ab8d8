/** Markers that open text the student must not see while it streams, and what closes each. */
const HIDDEN = [
  { open: "<think>", close: "</think>" },
  { open: "<tool_call>", close: "</tool_call>" },
  { open: "```", close: "```" },
] as const;

/**
 * Streams a reply's visible text as tokens arrive: `<think>` blocks and tool calls written as text
 * (`<tool_call>`, fenced JSON) are held back, since they are not for the student; a fence that turns
 * out to be ordinary text is released whole when it closes. The stored message is cleaned separately
 * (normalize/output.ts), so whatever this lets through is only what the student sees sooner.
 */
export class VisibleText {
  private buffer = "";
  private hidden: { open: string; close: string; start: number } | null = null;

  private readonly isToolCall: (fencedText: string) => boolean;

  /** `isToolCall` tells a fenced tool call (hidden) from a fenced block of ordinary text (shown). */
  constructor(isToolCall: (fencedText: string) => boolean = () => true) {
    this.isToolCall = isToolCall;
  }

  /** Adds a streamed piece; returns the text that can be shown now. */
  push(piece: string): string {
    this.buffer += piece;
    let out = "";
    for (;;) {
      if (this.hidden) {
        const end = this.buffer.indexOf(this.hidden.close, this.hidden.start);
        if (end < 0) return out;
        const block = this.buffer.slice(0, end + this.hidden.close.length);
        this.buffer = this.buffer.slice(block.length);
        if (this.hidden.open === "```" && !this.isToolCall(block)) out += block;
        this.hidden = null;
        continue;
      }
      const next = HIDDEN.map((h) => ({ h, at: this.buffer.indexOf(h.open) }))
        .filter((x) => x.at >= 0)
        .sort((a, b) => a.at - b.at)[0];
      if (next) {
        out += this.buffer.slice(0, next.at);
        this.buffer = this.buffer.slice(next.at);
        this.hidden = { ...next.h, start: next.h.open.length };
        continue;
      }
      // Hold back a tail that may be the start of a marker ("<thi", "``").
      const keep = partialMarkerLength(this.buffer);
      out += this.buffer.slice(0, this.buffer.length - keep);
      this.buffer = this.buffer.slice(this.buffer.length - keep);
      return out;
    }
  }

  /** The end of the reply: what was held back as a possible marker is text after all. */
  end(): string {
    const rest = this.hidden ? "" : this.buffer;
    this.buffer = "";
    return rest;
  }
}

function partialMarkerLength(text: string): number {
  let best = 0;
  for (const { open } of HIDDEN) {
    for (let n = Math.min(open.length - 1, text.length); n > best; n--) {
      if (text.endsWith(open.slice(0, n))) {
        best = n;
        break;
      }
    }
  }
  return best;
}
