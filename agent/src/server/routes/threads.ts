import { IdParams, PaginationQuery, Problem, ThreadDetail, ThreadPage } from "@ustbites/contracts";
import { currentUser, type App } from "@ustbites/kit";
import type { preHandlerAsyncHookHandler } from "fastify";
import type { Conversations } from "../conversations.ts";
import type { ThreadRepository } from "../threads.ts";

export async function threadRoutes(
  app: App,
  opts: { threads: ThreadRepository; conversations: Conversations; requireUser: preHandlerAsyncHookHandler },
): Promise<void> {
  app.get(
    "/threads",
    { preHandler: opts.requireUser, schema: { tags: ["threads"], security: [{ bearer: [] }], querystring: PaginationQuery, response: { 200: ThreadPage, 401: Problem } } },
    async (request) => opts.threads.list(currentUser(request).id, request.query.limit, request.query.offset),
  );

  app.get(
    "/threads/:id",
    { preHandler: opts.requireUser, schema: { tags: ["threads"], security: [{ bearer: [] }], params: IdParams, response: { 200: ThreadDetail, 401: Problem, 404: Problem } } },
    async (request) => opts.conversations.detail(currentUser(request), request.params.id),
  );
}
