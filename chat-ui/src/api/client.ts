import { AuthResponse, CSRF_HEADER, CsrfTokenResponse, Problem, type ServiceName } from "@ustbites/contracts";
import type { z } from "zod";
import { sessionOf, type SessionStore } from "./session.ts";

/** A failed call: the HTTP status and, when the service sent one, its problem+json body. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(status: number, problem: Problem | null, fallback: string) {
    super(problem?.detail ?? problem?.title ?? fallback);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }
}

type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions<S extends z.ZodType> {
  service: ServiceName;
  path: string;
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  query?: Record<string, QueryValue> | undefined;
  body?: unknown;
  headers?: Record<string, string>;
  /** Parses the response; absent for responses without a body (204). */
  schema?: S;
  /** Send the access token (default true); sign-up and sign-in do not. */
  auth?: boolean;
  signal?: AbortSignal | undefined;
}

export interface ApiClientOptions {
  session: SessionStore;
  /** Where the gateway's `/api` lives; same origin by default. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** The session could not be refreshed: the student has to sign in again. */
  onSignedOut?: () => void;
}

export type ApiClient = ReturnType<typeof createApiClient>;

function url(base: string, service: ServiceName, path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const search = params.size > 0 ? `?${params}` : "";
  return `${base}/api/${service}${path}${search}`;
}

async function problemOf(response: Response): Promise<Problem | null> {
  try {
    const parsed = Problem.safeParse(await response.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * How a refresh ended. Only `rejected` (user-service answered 401: the refresh cookie is spent, revoked
 * or expired, or there is none) ends the session; a refresh that could not be made right now (429,
 * 5xx, offline) keeps it, so a busy or restarting user-service never signs a student out.
 */
type RefreshOutcome = "refreshed" | "rejected" | "unavailable";

/** How long a start-up that could not reach user-service waits before asking again, at most. */
const RESTORE_RETRY_MAX_MS = 15_000;

/**
 * The one way the app talks to the platform. Every response is parsed with its contract schema, so a
 * shape is declared once (services/contracts). The access token lives in memory (session.ts); the
 * refresh token is an httpOnly cookie the browser sends to user-service's auth path only, with a CSRF
 * token this client fetches first. A 401 triggers one token refresh (shared by concurrent callers) and
 * one retry; if user-service refuses the refresh, the session ends and `onSignedOut` runs.
 */
export function createApiClient(opts: ApiClientOptions) {
  const base = opts.baseUrl ?? "";
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  let refreshing: Promise<RefreshOutcome> | null = null;

  /**
   * One refresh at a time across all of the student's tabs (Web Locks), where the browser has them:
   * tabs share the cookie, and two refreshes with the same cookie look like a stolen token to
   * user-service, which then ends the session. The lock is released only after the answer (and its
   * new cookie) has arrived, so the next tab sends the new cookie.
   */
  const acrossTabs = <T>(fn: () => Promise<T>): Promise<T> =>
    globalThis.navigator?.locks
      ? (globalThis.navigator.locks.request("ustbites.session.refresh", fn) as Promise<T>)
      : fn();

  /** The CSRF header a request authenticated by the refresh cookie must carry. */
  async function csrfHeader(): Promise<Record<string, string>> {
    const response = await doFetch(url(base, "user", "/auth/csrf"), { headers: { accept: "application/json" } });
    if (!response.ok) throw new ApiError(response.status, await problemOf(response), "no CSRF token");
    return { [CSRF_HEADER]: CsrfTokenResponse.parse(await response.json()).csrfToken };
  }

  function refresh(): Promise<RefreshOutcome> {
    refreshing ??= acrossTabs(async (): Promise<RefreshOutcome> => {
      try {
        const response = await doFetch(url(base, "user", "/auth/refresh"), {
          method: "POST",
          headers: await csrfHeader(),
        });
        if (response.status === 401) return "rejected";
        if (!response.ok) return "unavailable";
        const parsed = AuthResponse.safeParse(await response.json());
        if (!parsed.success) return "unavailable";
        opts.session.set(sessionOf(parsed.data));
        return "refreshed";
      } catch {
        return "unavailable";
      }
    }).finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  function signOut() {
    opts.session.clear();
    opts.onSignedOut?.();
  }

  /**
   * At start-up (a reload, a new tab): the refresh cookie, if the browser has a live one, signs the
   * student back in. While user-service cannot answer the app keeps asking, and keeps the cookie.
   */
  async function restore(): Promise<void> {
    for (let wait = 1000; opts.session.restoring(); wait = Math.min(wait * 2, RESTORE_RETRY_MAX_MS)) {
      const outcome = await refresh();
      if (outcome === "rejected") opts.session.clear();
      if (outcome !== "unavailable") return;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  // Someone signed in in another tab: take over that session through the cookie (it is theirs now).
  opts.session.onOtherTab((change) => {
    if (change.type === "signed-in" && opts.session.get()?.user.id !== change.userId) void refresh();
  });

  /** Signs out: user-service ends the cookie's session and clears it; this tab and the others forget it. */
  async function endSession(): Promise<void> {
    try {
      await doFetch(url(base, "user", "/auth/logout"), { method: "POST", headers: await csrfHeader() });
    } catch {
      // Revoking is a courtesy to the server; the session ends here whatever it answers.
    }
    opts.session.clear();
  }

  /** Sends the request with the current token; on 401 refreshes once and sends it again. */
  async function send(target: string, init: RequestInit, auth: boolean): Promise<Response> {
    const attempt = () => {
      const headers = new Headers(init.headers);
      const token = opts.session.get()?.accessToken;
      if (auth && token) headers.set("authorization", `Bearer ${token}`);
      return doFetch(target, { ...init, headers });
    };
    const first = await attempt();
    if (first.status !== 401 || !auth) return first;
    const outcome = await refresh();
    if (outcome === "unavailable") return first;
    if (outcome === "refreshed") {
      const second = await attempt();
      if (second.status !== 401) return second;
    }
    signOut();
    return first;
  }

  function init(
    method: string,
    body: unknown,
    headers: Record<string, string> | undefined,
    signal: AbortSignal | undefined,
  ): RequestInit {
    return {
      method,
      headers: {
        accept: "application/json",
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(signal ? { signal } : {}),
    };
  }

  async function request<S extends z.ZodType>(options: RequestOptions<S>): Promise<z.output<S>> {
    const method = options.method ?? "GET";
    const response = await send(
      url(base, options.service, options.path, options.query),
      init(method, options.body, options.headers, options.signal),
      options.auth ?? true,
    );
    if (!response.ok)
      throw new ApiError(
        response.status,
        await problemOf(response),
        `${method} ${options.path} failed (${response.status})`,
      );
    if (!options.schema) return undefined as z.output<S>;
    return options.schema.parse(await response.json());
  }

  /** A POST whose answer is a stream (the agent's SSE); the caller reads the body. */
  async function stream(options: {
    service: ServiceName;
    path: string;
    body: unknown;
    signal?: AbortSignal | undefined;
  }): Promise<Response> {
    const response = await send(
      url(base, options.service, options.path),
      init("POST", options.body, { accept: "text/event-stream" }, options.signal),
      true,
    );
    if (!response.ok)
      throw new ApiError(
        response.status,
        await problemOf(response),
        `POST ${options.path} failed (${response.status})`,
      );
    return response;
  }

  /** A valid access token for a WebSocket's first `auth` message, refreshed if the last one was rejected. */
  async function accessToken(forceRefresh = false): Promise<string | null> {
    if (forceRefresh) {
      const outcome = await refresh();
      if (outcome === "rejected") signOut();
      if (outcome !== "refreshed") return null;
    }
    return opts.session.get()?.accessToken ?? null;
  }

  return { request, stream, accessToken, restore, endSession, session: opts.session, baseUrl: base };
}
