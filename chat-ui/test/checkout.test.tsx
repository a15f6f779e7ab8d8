import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { TEST_CARDS, type Cart } from "@ustbites/contracts";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { AppProvider } from "../src/app-context.tsx";
import { CheckoutPage } from "../src/pages/checkout.tsx";
import { fakeFetch, json, services } from "./fixtures.ts";

const CART: Cart = {
  restaurantId: "0196a4c0-0000-7000-8000-000000000001",
  restaurantName: "Spice Route",
  lines: [
    {
      lineId: "0196a4c0-0000-7000-8000-000000000011",
      itemId: "0196a4c0-0000-7000-8000-000000000021",
      name: "Paneer Tikka Wrap",
      unitPriceCents: 4200,
      quantity: 1,
      notes: null,
      lineTotalCents: 4200,
      available: true,
    },
  ],
  itemCount: 1,
  subtotalCents: 4200,
  deliveryFeeCents: 1000,
  totalCents: 5200,
  hasUnavailableItems: false,
  updatedAt: "2026-12-07T12:00:00.000Z",
};

describe("checkout", () => {
  it("retries a checkout that failed in transit with the same idempotency key, so it can never place two orders", async () => {
    const user = userEvent.setup();
    let attempt = 0;
    const { fetch, calls } = fakeFetch(({ url, method }) => {
      if (url.endsWith("/api/cart/cart")) return json(200, CART);
      if (url.endsWith("/api/order/orders") && method === "POST") {
        attempt++;
        if (attempt === 1) throw new TypeError("Failed to fetch");
        return json(503, {
          type: "urn:ustbites:problem:upstream-unavailable",
          title: "Service Unavailable",
          status: 503,
          requestId: "r",
        });
      }
      return json(404, { type: "about:blank", title: "Not Found", status: 404, requestId: "x" });
    });
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
    render(
      <AppProvider services={services(fetch)}>
        <QueryClientProvider client={queryClient}>
          <MemoryRouter>
            <CheckoutPage />
          </MemoryRouter>
        </QueryClientProvider>
      </AppProvider>,
    );

    const fill = async (label: string, value: string) => {
      const field = await screen.findByLabelText(label);
      await user.clear(field);
      await user.type(field, value);
    };
    await fill("Building", "Hall 5");
    await fill("Card number", TEST_CARDS.success);
    await fill("Expiry (MM/YY)", `12/${String(new Date().getUTCFullYear() + 2).slice(2)}`);
    await fill("CVC", "123");
    const place = screen.getByRole("button", { name: /place order/i });
    await user.click(place);
    await waitFor(() => expect(attempt).toBe(1));
    await waitFor(() => expect((place as HTMLButtonElement).disabled).toBe(false));
    await user.click(place);
    await waitFor(() => expect(attempt).toBe(2));
    await user.click(place);
    await waitFor(() => expect(attempt).toBe(3));

    const keys = calls.filter((c) => c.url.endsWith("/api/order/orders")).map((c) => c.headers.get("idempotency-key"));
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
  });
});
