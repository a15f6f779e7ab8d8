export { createService, type App, type ReadinessCheck, type ServiceOptions } from "./service.ts";
export { loadConfig, ConfigError, envBoolean, envPort, portEnv, serviceUrlEnv, baseEnv, authEnv, databaseEnv, type DatabaseConfig } from "./config.ts";
export { HttpProblem, badRequest, unauthorized, forbidden, notFound, conflict, type FieldError } from "./problem.ts";
export {
  createTokenVerifier,
  tokenVerifierFor,
  remoteKeys,
  requireUser,
  currentUser,
  bearerToken,
  type AuthenticatedUser,
  type TokenVerifier,
} from "./auth.ts";
export { closeOnSignal, runMain } from "./lifecycle.ts";
export { createLogger } from "./logger.ts";
export { newId, idTime } from "./ids.ts";
