import { Jwks } from "@ustbites/contracts";
import type { App } from "@ustbites/kit";
import type { SigningKey } from "../domain/signing-key.ts";

export async function jwksRoutes(app: App, opts: { key: SigningKey }): Promise<void> {
  const body = { keys: [opts.key.publicJwk] };
  app.get(
    "/.well-known/jwks.json",
    { config: { access: "public" }, schema: { tags: ["auth"], response: { 200: Jwks } } },
    async (_request, reply) => {
      // Verifiers cache it; a short max-age lets a rotated key reach them quickly.
      reply.header("cache-control", "public, max-age=300");
      return body;
    },
  );
}
