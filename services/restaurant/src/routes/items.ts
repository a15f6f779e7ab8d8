import {
  IdParams,
  ItemLookupBody,
  ItemLookupResponse,
  ItemSearchQuery,
  MenuItem,
  MenuItemPage,
  Problem,
  SetItemAvailabilityBody,
} from "@ustbites/contracts";
import { currentUser, type App } from "@ustbites/kit";
import type { Catalogue } from "../domain/catalogue.ts";

export interface ItemRoutesOptions {
  catalogue: Catalogue;
}

export async function itemRoutes(app: App, opts: ItemRoutesOptions): Promise<void> {
  const { catalogue } = opts;

  app.get(
    "/items",
    {
      config: { access: "public" },
      schema: {
        tags: ["items"],
        summary: "Search dishes across restaurants (typo tolerant), with dietary, price and spice filters",
        querystring: ItemSearchQuery,
        response: { 200: MenuItemPage, 400: Problem },
      },
    },
    async (request) => catalogue.searchItems(request.query),
  );

  app.get(
    "/items/:id",
    {
      config: { access: "public" },
      schema: {
        tags: ["items"],
        summary: "One menu item",
        params: IdParams,
        response: { 200: MenuItem, 400: Problem, 404: Problem },
      },
    },
    async (request) => catalogue.item(request.params.id),
  );

  // A POST because a hundred ids do not fit a query string comfortably; it reads, it changes nothing.
  // Internal: what cart and order price a student's lines with, each as itself (kit/service-identity);
  // the gateway refuses /internal under every prefix.
  app.post(
    "/internal/items/lookup",
    {
      config: { access: { services: ["cart", "order"] } },
      schema: {
        tags: ["items"],
        security: [{ bearer: [] }],
        summary: "Current price and availability of many items in one call (cart and order re-pricing)",
        body: ItemLookupBody,
        response: { 200: ItemLookupResponse, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request) => ({ items: await catalogue.lookupItems(request.body.ids) }),
  );

  // Staff of the item's restaurant (checked against the item) or an admin.
  app.patch(
    "/items/:id/availability",
    {
      config: { access: ["staff", "admin"] },
      schema: {
        tags: ["items"],
        summary: "Mark an item of your restaurant sold out or back on sale (its staff, or an admin)",
        security: [{ bearer: [] }],
        params: IdParams,
        body: SetItemAvailabilityBody,
        response: { 200: MenuItem, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => catalogue.setItemAvailability(currentUser(request), request.params.id, request.body.available),
  );
}
