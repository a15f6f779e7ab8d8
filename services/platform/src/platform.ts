import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { createLogger, flushTracing, startTracing } from "@ustbites/kit";
import { DEPLOYABLES } from "@ustbites/kit/deployables";
import { databaseUrlFor } from "@ustbites/kit/db";
import { readGatewayTable, readEnv as readGatewayEnv, startGateway } from "@ustbites/gateway";
import { envPrefix, type PlatformConfig } from "./env.ts";
import { SERVICES, type RunningService } from "./services.ts";
import { serveChatUi } from "./static.ts";

/** Variables that mean one thing per service; the launcher sets them for each service itself. */
const PER_SERVICE = ["PORT", "DATABASE_URL", "DATA_DIR"];
/** The services that call others as themselves (kit/service-identity); the agent calls only with the student's token. */
const SERVICE_CALLERS = ["order", "cart"] as const;

/**
 * Starts every service and the gateway in this process. Embedded defaults (PGlite, in-memory stores,
 * in-process bus) apply wherever the corresponding URL is unset; each service logs its choice.
 */
export async function startPlatform(config: PlatformConfig, env: Record<string, string | undefined>) {
  const log = createLogger("platform", config.LOG_LEVEL);
  startTracing(config, "platform", log);
  const inherited: Record<string, string | undefined> = Object.fromEntries(
    Object.entries(env).filter(([k]) => !PER_SERVICE.includes(k)),
  );
  // Service identity: each calling service's own secret for service tokens, and user-service's list of
  // them. Made fresh at each start unless configured (SERVICE_CREDENTIALS with ORDER_SERVICE_SECRET,
  // CART_SERVICE_SECRET): nothing outside this process needs them.
  const secrets: Record<string, string> = {};
  if (!inherited.SERVICE_CREDENTIALS) {
    for (const name of SERVICE_CALLERS) secrets[name] = randomBytes(32).toString("base64url");
    inherited.SERVICE_CREDENTIALS = Object.entries(secrets)
      .map(([name, secret]) => `${name}:${secret}`)
      .join(",");
  }
  const table = readGatewayTable();
  const routes = table.routes;
  const urls: Record<string, string> = {};
  const running: { name: string; service: RunningService }[] = [];

  const closeAll = async () => {
    for (const { service } of running.reverse()) await service.close();
    await flushTracing();
  };

  try {
    for (const entry of SERVICES) {
      const own = config.services[entry.name];
      const port = config.PLATFORM_PORTS === "ephemeral" ? 0 : (own.PORT ?? DEPLOYABLES[entry.name].port);
      const serviceEnv: Record<string, string | undefined> = {
        ...inherited,
        // Addresses of the services already running, so a service calls the right port.
        ...Object.fromEntries(Object.entries(urls).map(([name, url]) => [`${envPrefix(name)}_URL`, url])),
        ...(urls.user ? { JWKS_URL: `${urls.user}/.well-known/jwks.json` } : {}),
        PORT: String(port),
        ...(secrets[entry.name] ? { SERVICE_SECRET: secrets[entry.name] } : {}),
        ...(own.SERVICE_SECRET ? { SERVICE_SECRET: own.SERVICE_SECRET } : {}),
        ...(own.DATABASE_POOL_MAX ? { DATABASE_POOL_MAX: String(own.DATABASE_POOL_MAX) } : {}),
      };
      if (entry.database) {
        serviceEnv.DATA_DIR = join(config.DATA_DIR, entry.name);
        serviceEnv.DATABASE_URL =
          own.DATABASE_URL ?? (config.DATABASE_URL ? databaseUrlFor(entry.name, config.DATABASE_URL) : undefined);
      }
      const service = await entry.start(serviceEnv);
      running.push({ name: entry.name, service });
      urls[entry.name] = service.address;
    }

    // The gateway routes only to services that run; a route to one that does not answers 503.
    const gatewayEnv = {
      ...inherited,
      ...Object.fromEntries(Object.entries(urls).map(([name, url]) => [`${envPrefix(name)}_URL`, url])),
      PORT: config.PLATFORM_PORTS === "ephemeral" ? "0" : String(config.GATEWAY_PORT),
    };
    // The same origin serves the API and the built chat-ui, so the browser needs no CORS.
    const gateway = await startGateway(readGatewayEnv(gatewayEnv, routes), table, serveChatUi());
    running.push({ name: "gateway", service: gateway });
    log.info({ gateway: gateway.address, services: urls }, `USTBites is up: ${gateway.address}`);
    return { gatewayUrl: gateway.address, services: urls, log, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
