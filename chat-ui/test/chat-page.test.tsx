import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { TEST_CARDS } from "@ustbites/contracts";
import { MemoryRouter, Route, Routes } from "react-router";
import { describe, expect, it } from "vitest";
import { AppProvider } from "../src/app-context.tsx";
import { ChatControllerProvider } from "../src/chat/context.tsx";
import ChatPage from "../src/pages/chat.tsx";
import { CONFIRMATION, fakeFetch, json, services, sseResponse, THREAD_ID, type Call } from "./fixtures.ts";

function renderChat(respond: (call: Call) => Response) {
  const { fetch, calls } = fakeFetch(respond);
  const app = services(fetch);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <AppProvider services={app}>
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={["/"]}>
          <ChatControllerProvider>
            <Routes>
              <Route path="/" element={<ChatPage />} />
              <Route path="/chat/:threadId" element={<ChatPage />} />
            </Routes>
          </ChatControllerProvider>
        </MemoryRouter>
      </QueryClientProvider>
    </AppProvider>,
  );
  return calls;
}

const threads = () => json(200, { items: [], total: 0, limit: 30, offset: 0 });

describe("the chat page", () => {
  it("renders tool calls as cards, stops on the confirmation card and resumes with the card entered there", async () => {
    const user = userEvent.setup();
    const calls = renderChat(({ url }) => {
      if (url.includes("/api/agent/threads")) return threads();
      if (url.endsWith("/api/agent/chat")) {
        return sseResponse([
          { type: "tool_call", id: "s1", name: "search_restaurants", args: { q: "indian" } },
          {
            type: "tool_result",
            id: "s1",
            name: "search_restaurants",
            ok: true,
            result: {
              restaurants: [
                {
                  restaurantId: "0196a4c0-0000-7000-8000-000000000001",
                  name: "Spice Route",
                  cuisines: ["Indian"],
                  open: true,
                  rating: 4.5,
                  price: "$$",
                  prepMin: 20,
                },
              ],
            },
          },
          { type: "token", text: "Here is your summary." },
          { type: "tool_call", id: "po", name: "place_order", args: { deliveryAddress: { building: "Hall 5" } } },
          { type: "interrupt", threadId: THREAD_ID, confirmation: CONFIRMATION },
          { type: "done", threadId: THREAD_ID },
        ]);
      }
      if (url.endsWith("/api/agent/chat/resume")) {
        return sseResponse([
          {
            type: "tool_result",
            id: "po",
            name: "place_order",
            ok: false,
            result: { error: { code: "payment_declined", message: "payment declined: insufficient funds" } },
          },
          { type: "message", content: "Your card was declined; nothing was charged." },
          { type: "done", threadId: THREAD_ID },
        ]);
      }
      return json(404, { type: "about:blank", title: "Not Found", status: 404, requestId: "x" });
    });

    await user.type(screen.getByLabelText("Message the assistant"), "check out, deliver to Hall 5{Enter}");

    const restaurants = await screen.findByRole("list", { name: "Restaurants found" });
    expect(within(restaurants).getByText("Spice Route")).toBeTruthy();
    const card = await screen.findByTestId("confirmation-card");
    expect(within(card).getByText("2× Paneer Tikka Wrap")).toBeTruthy();
    expect(within(card).getByText("HK$94.00")).toBeTruthy();
    expect(screen.queryByText(/"restaurants"/)).toBeNull();

    await user.click(within(card).getByRole("button", { name: "Approve · HK$94.00" }));

    await screen.findByText("Payment declined: insufficient funds");
    await screen.findByText("Your card was declined; nothing was charged.");
    const resume = calls.find((c) => c.url.endsWith("/chat/resume"))!;
    expect(resume.body).toMatchObject({
      threadId: THREAD_ID,
      decision: "approve",
      payment: { number: TEST_CARDS.success, expMonth: 12, cvc: "123" },
    });
    expect(resume.headers.get("authorization")).toBe("Bearer access-1");
    expect(within(card).queryByRole("button", { name: /Approve/ })).toBeNull();
    expect(within(card).getByText("Approved")).toBeTruthy();
  });

  it("answers Cancel with a rejection and shows a failed turn as a message, not a blank screen", async () => {
    const user = userEvent.setup();
    const calls = renderChat(({ url }) => {
      if (url.includes("/api/agent/threads")) return threads();
      if (url.endsWith("/api/agent/chat")) {
        return sseResponse([
          { type: "tool_call", id: "po", name: "place_order", args: {} },
          { type: "interrupt", threadId: THREAD_ID, confirmation: CONFIRMATION },
          { type: "done", threadId: THREAD_ID },
        ]);
      }
      return json(503, {
        type: "about:blank",
        title: "Service Unavailable",
        status: 503,
        detail: "agent service did not answer",
        requestId: "x",
      });
    });

    await user.type(screen.getByLabelText("Message the assistant"), "check out{Enter}");
    const card = await screen.findByTestId("confirmation-card");
    await user.click(within(card).getByRole("button", { name: "Cancel" }));

    await waitFor(() =>
      expect(calls.find((c) => c.url.endsWith("/chat/resume"))?.body).toEqual({
        threadId: THREAD_ID,
        decision: "reject",
      }),
    );
    expect((await screen.findByRole("alert")).textContent).toContain("The assistant is not available right now");
    expect(within(card).getByText("Declined")).toBeTruthy();
  });

  it("points to the restaurants when the assistant is unavailable", async () => {
    const user = userEvent.setup();
    renderChat(({ url }) => {
      if (url.includes("/api/agent/threads")) return threads();
      if (url.endsWith("/api/agent/chat")) {
        return sseResponse([
          {
            type: "error",
            code: "assistant_unavailable",
            message: "The assistant is unavailable right now. You can still order from the menu.",
          },
        ]);
      }
      return json(404, { type: "about:blank", title: "Not Found", status: 404, requestId: "x" });
    });
    await user.type(screen.getByLabelText("Message the assistant"), "hi{Enter}");
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText(/unavailable right now/)).toBeTruthy();
    expect(within(alert).getByRole("link", { name: "Order from the restaurants instead" }).getAttribute("href")).toBe(
      "/restaurants",
    );
  });
});
