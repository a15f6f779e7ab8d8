import { CreateAccountBody, Problem, User } from "@ustbites/contracts";
import type { App } from "@ustbites/kit";
import type { Accounts } from "../domain/accounts.ts";

/** What only an admin does: create the accounts students cannot make themselves. */
export async function adminRoutes(app: App, opts: { accounts: Accounts }): Promise<void> {
  app.post(
    "/admin/accounts",
    {
      config: { access: ["admin"] },
      schema: {
        tags: ["admin"],
        summary: "Create a staff, courier or admin account (admins only)",
        security: [{ bearer: [] }],
        body: CreateAccountBody,
        response: { 201: User, 400: Problem, 401: Problem, 403: Problem, 409: Problem },
      },
    },
    async (request, reply) => reply.status(201).send(await opts.accounts.createAccount(request.body)),
  );
}
