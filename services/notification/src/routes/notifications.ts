import { NotificationListQuery, NotificationPage, Problem } from "@ustbites/contracts";
import { currentUser, type App } from "@ustbites/kit";
import type { preHandlerAsyncHookHandler } from "fastify";
import type { Notifier } from "../domain/notifier.ts";

export async function notificationRoutes(app: App, opts: { notifier: Notifier; requireUser: preHandlerAsyncHookHandler }): Promise<void> {
  app.get(
    "/notifications",
    {
      preHandler: opts.requireUser,
      schema: {
        tags: ["notifications"],
        summary: "The signed-in student's notifications, newest first",
        security: [{ bearer: [] }],
        querystring: NotificationListQuery,
        response: { 200: NotificationPage, 400: Problem, 401: Problem },
      },
    },
    async (request) => opts.notifier.list(currentUser(request).id, request.query),
  );
}
