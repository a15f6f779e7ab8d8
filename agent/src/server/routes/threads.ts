import { IdParams, PaginationQuery, Problem, ThreadDetail, ThreadPage } from "@ustbites/contracts";
import { currentUser, type App } from "@ustbites/kit";
import type { Conversations } from "../conversations.ts";
import type { ThreadRepository } from "../threads.ts";

// A student's own conversations with the agent, which orders for them.
const config = { access: ["student"] } as const;

export async function threadRoutes(
  app: App,
  opts: { threads: ThreadRepository; conversations: Conversations },
): Promise<void> {
  app.get(
    "/threads",
    {
      config,
      schema: {
        tags: ["threads"],
        security: [{ bearer: [] }],
        querystring: PaginationQuery,
        response: { 200: ThreadPage, 401: Problem, 403: Problem },
      },
    },
    async (request) => opts.threads.list(currentUser(request).id, request.query.limit, request.query.offset),
  );

  app.get(
    "/threads/:id",
    {
      config,
      schema: {
        tags: ["threads"],
        security: [{ bearer: [] }],
        params: IdParams,
        response: { 200: ThreadDetail, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => opts.conversations.detail(currentUser(request), request.params.id),
  );
}
