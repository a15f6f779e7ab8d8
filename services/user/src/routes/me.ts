import { Problem, UpdateProfileBody, User } from "@ustbites/contracts";
import { currentUser, type App } from "@ustbites/kit";
import type { preHandlerAsyncHookHandler } from "fastify";
import type { Accounts } from "../domain/accounts.ts";

export async function meRoutes(app: App, opts: { accounts: Accounts; requireUser: preHandlerAsyncHookHandler }): Promise<void> {
  app.get(
    "/me",
    { preHandler: opts.requireUser, schema: { tags: ["users"], security: [{ bearer: [] }], response: { 200: User, 401: Problem } } },
    async (request) => opts.accounts.me(currentUser(request).id),
  );
  app.patch(
    "/me",
    {
      preHandler: opts.requireUser,
      schema: { tags: ["users"], security: [{ bearer: [] }], body: UpdateProfileBody, response: { 200: User, 400: Problem, 401: Problem } },
    },
    async (request) => opts.accounts.updateProfile(currentUser(request).id, request.body),
  );
}
