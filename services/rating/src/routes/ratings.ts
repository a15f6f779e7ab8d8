import { Problem, RatingParams, RatingSummary } from "@ustbites/contracts";
import type { App } from "@ustbites/kit";

export async function ratingRoutes(app: App): Promise<void> {
  app.get(
    "/ratings/:restaurantId",
    {
      config: { access: "public" },
      schema: { params: RatingParams, response: { 200: RatingSummary, 400: Problem } },
    },
    async (request) => ({ restaurantId: request.params.restaurantId, stars: 0 }),
  );
}
