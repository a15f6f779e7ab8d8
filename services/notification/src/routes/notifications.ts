import { NotificationListQuery, NotificationPage, Problem } from "@ustbites/contracts";
import { currentUser, type App } from "@ustbites/kit";
import type { Notifier } from "../domain/notifier.ts";

export async function notificationRoutes(app: App, opts: { notifier: Notifier }): Promise<void> {
  app.get(
    "/notifications",
    {
      // Only students are sent anything (about their orders).
      config: { access: ["student"] },
      schema: {
        tags: ["notifications"],
        summary: "The signed-in student's notifications, newest first",
        security: [{ bearer: [] }],
        querystring: NotificationListQuery,
        response: { 200: NotificationPage, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request) => opts.notifier.list(currentUser(request).id, request.query),
  );
}
