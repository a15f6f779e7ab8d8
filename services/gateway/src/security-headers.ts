import helmet from "@fastify/helmet";
import type { App } from "@ustbites/kit";

/**
 * The web app's Content-Security-Policy, the same on every response of the local gateway and of the
 * chat-ui image's nginx (chat-ui/Dockerfile; a test keeps the two equal). Scripts only from our own
 * origin, no framing by anyone (clickjacking), API and WebSocket calls to our own origin only. Styles
 * allow inline `style` attributes, which React components set.
 */
export const CONTENT_SECURITY_POLICY = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", "data:"],
  "font-src": ["'self'"],
  "connect-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
} as const;

export const REFERRER_POLICY = "strict-origin-when-cross-origin";

/** The policy as one header value. */
export const cspHeader = (): string =>
  Object.entries(CONTENT_SECURITY_POLICY)
    .map(([directive, sources]) => `${directive} ${sources.join(" ")}`)
    .join("; ");

/** CSP, frame-ancestors, nosniff and Referrer-Policy on every response (helmet's other defaults too). */
export async function registerSecurityHeaders(app: App): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    referrerPolicy: { policy: REFERRER_POLICY },
    // The API is called from our own origin only; a cross-origin embedder needs no access.
    crossOriginResourcePolicy: { policy: "same-site" },
    xFrameOptions: { action: "deny" },
  });
}
