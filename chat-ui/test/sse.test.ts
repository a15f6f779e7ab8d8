import { describe, expect, it } from "vitest";
import { readAgentEvents } from "../src/api/sse.ts";
import { sseResponse, THREAD_ID } from "./fixtures.ts";

const collect = async (response: Response) => {
  const events = [];
  for await (const event of readAgentEvents(response.body!)) events.push(event);
  return events;
};

describe("reading the agent's SSE stream", () => {
  it("yields every event in order however the bytes are split", async () => {
    const events = [
      { type: "token", text: "Hello " },
      { type: "token", text: "ünïcode ✓" },
      { type: "tool_call", id: "call-1", name: "find_items", args: { q: "paneer" } },
      { type: "done", threadId: THREAD_ID },
    ] as const;
    for (const chunkSize of [1, 3, 7, 1000]) {
      expect(await collect(sseResponse([...events], chunkSize))).toEqual(events);
    }
  });

  it("turns an unreadable block into an error event instead of throwing", async () => {
    const body = new Response('data: {not json\n\ndata: {"type":"token","text":"ok"}\n\n').body!;
    const events = [];
    for await (const event of readAgentEvents(body)) events.push(event);
    expect(events).toEqual([
      { type: "error", message: "The assistant sent something this app cannot read." },
      { type: "token", text: "ok" },
    ]);
  });
});
