import { CourierList } from "@ustbites/contracts";
import type { App } from "@ustbites/kit";
import type { CourierRepository } from "../repositories/couriers.ts";

export async function courierRoutes(app: App, opts: { couriers: CourierRepository }): Promise<void> {
  app.get(
    "/couriers",
    {
      config: { access: "public" },
      schema: {
        tags: ["couriers"],
        summary: "The campus courier fleet",
        description: "Every courier's name and vehicle. Public, so phone numbers are left out.",
        response: { 200: CourierList },
      },
    },
    async () => {
      const rows = await opts.couriers.list();
      return { items: rows.map(({ id, name, vehicle }) => ({ id, name, vehicle })) };
    },
  );
}
