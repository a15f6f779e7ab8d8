import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { App } from "@ustbites/kit";

/** Where `npm run build -w @ustbites/chat-ui` writes the bundle. */
export const CHAT_UI_DIST = fileURLToPath(new URL("../../../chat-ui/dist", import.meta.url));

const HASHED_ASSET = /^\/assets\//;
const LONG_CACHE = "public, max-age=31536000, immutable";
// index.html names the hashed assets of the current build, so browsers must revalidate it every time.
const REVALIDATE = "no-cache";

/**
 * The gateway's `extend` hook that serves the built chat-ui at `/`: hashed assets cached for a year,
 * index.html revalidated, and every other GET outside `/api` answered with index.html so the app's
 * own router handles deep links (`/orders/…`) and reloads. Without a build it serves nothing and says so.
 */
export function serveChatUi(dir: string = CHAT_UI_DIST) {
  return async (app: App): Promise<void> => {
    if (!existsSync(join(dir, "index.html"))) {
      app.log.warn({ dir }, "chat-ui is not built, so / serves nothing: run `npm run build -w @ustbites/chat-ui`");
      return;
    }
    await app.register(fastifyStatic, {
      root: dir,
      // One route per file found now, not a catch-all: the catch-all below is the SPA fallback.
      wildcard: false,
      cacheControl: false,
      setHeaders: (reply, path) => {
        const relative = path.slice(dir.length).replaceAll("\\", "/");
        reply.header("cache-control", HASHED_ASSET.test(relative) ? LONG_CACHE : REVALIDATE);
      },
    });
    app.get("/*", { schema: { hide: true } }, (request, reply) => {
      const path = request.url.split("?")[0] ?? "/";
      // An unknown API path is a 404 problem, never the app's HTML; so is a missing hashed asset.
      if (path.startsWith("/api/") || HASHED_ASSET.test(path)) return reply.callNotFound();
      return reply.header("cache-control", REVALIDATE).sendFile("index.html", { cacheControl: false });
    });
  };
}
