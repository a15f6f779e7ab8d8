import { Problem, UpdateProfileBody, User } from "@ustbites/contracts";
import { currentUser, type App } from "@ustbites/kit";
import type { Accounts } from "../domain/accounts.ts";

export async function meRoutes(app: App, opts: { accounts: Accounts }): Promise<void> {
  app.get(
    "/me",
    {
      config: { access: "signed-in" },
      schema: { tags: ["users"], security: [{ bearer: [] }], response: { 200: User, 401: Problem } },
    },
    async (request) => opts.accounts.me(currentUser(request).id),
  );
  app.patch(
    "/me",
    {
      config: { access: "signed-in" },
      schema: {
        tags: ["users"],
        security: [{ bearer: [] }],
        body: UpdateProfileBody,
        response: { 200: User, 400: Problem, 401: Problem },
      },
    },
    async (request) => opts.accounts.updateProfile(currentUser(request).id, request.body),
  );
}
