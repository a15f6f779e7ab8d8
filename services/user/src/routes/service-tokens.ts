import { Problem, ServiceTokenBody, ServiceTokenResponse } from "@ustbites/contracts";
import type { App } from "@ustbites/kit";
import type { ServiceTokens } from "../domain/service-tokens.ts";

/**
 * Internal (the gateway never routes it: routes.json's internalPaths): a service exchanges its own
 * credentials for a short-lived token to call another service with.
 */
export async function serviceTokenRoutes(app: App, opts: { serviceTokens: ServiceTokens }): Promise<void> {
  app.post(
    "/service-tokens",
    {
      // Authenticated by the service's own secret (HTTP Basic), not by an access token.
      config: { access: "public" },
      schema: {
        tags: ["service identity"],
        summary: "A short-lived token for one service to call another (internal)",
        body: ServiceTokenBody,
        response: { 200: ServiceTokenResponse, 400: Problem, 401: Problem },
      },
    },
    async (request) => {
      const { service, accessToken, expiresIn } = await opts.serviceTokens.issue(
        request.headers.authorization,
        request.body.audience,
      );
      request.log.info({ service, audience: request.body.audience }, "service token issued");
      return { accessToken, expiresIn };
    },
  );
}
