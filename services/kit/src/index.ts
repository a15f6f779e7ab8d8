export { createService, type App, type ReadinessCheck, type RouteAccess, type ServiceOptions } from "./service.ts";
export {
  loadConfig,
  ConfigError,
  envBoolean,
  envPort,
  portEnv,
  serviceUrlEnv,
  baseEnv,
  tracingEnv,
  authEnv,
  databaseEnv,
  type DatabaseConfig,
} from "./config.ts";
export { HttpProblem, badRequest, unauthorized, forbidden, notFound, conflict, type FieldError } from "./problem.ts";
export {
  createTokenVerifier,
  tokenVerifierFor,
  remoteKeys,
  requireUser,
  requireRole,
  accessGuard,
  actsForRestaurant,
  currentUser,
  bearerToken,
  type Access,
  type ServiceAccess,
  type AuthenticatedUser,
  type TokenVerifier,
} from "./auth.ts";
export {
  createServiceVerifier,
  serviceVerifierFor,
  createServiceTokenSource,
  requireService,
  type ServiceVerifier,
  type ServiceTokenSource,
} from "./service-identity.ts";
export { closeOnSignal, runMain, startService, type Resources } from "./lifecycle.ts";
export { createLogger } from "./logger.ts";
export { newId, idTime } from "./ids.ts";
export * from "./tracing/index.ts";
export { startWakeLoop, type WakeLoop, type WakeLoopOptions } from "./wake-loop.ts";
