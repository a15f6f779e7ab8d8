import { z } from "zod";

export const RatingSummary = z
  .object({ restaurantId: z.uuid().describe("The restaurant rated"), stars: z.number().describe("Average stars, 0-5") })
  .describe("A restaurant's average rating");
export type RatingSummary = z.output<typeof RatingSummary>;

export const RatingParams = z.strictObject({ restaurantId: z.uuid().describe("The restaurant") });
