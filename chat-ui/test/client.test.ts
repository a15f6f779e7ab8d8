// @vitest-environment node
// Node has what the client uses across tabs, as browsers do: Web Locks and BroadcastChannel (jsdom has neither).
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, createApiClient } from "../src/api/client.ts";
import { createEndpoints } from "../src/api/endpoints.ts";
import { createSessionStore, type SessionStore } from "../src/api/session.ts";
import { fakeFetch, json, services, SESSION, type Call } from "./fixtures.ts";

const PROBLEM_401 = { type: "urn:ustbites:problem:unauthorized", title: "Unauthorized", status: 401, requestId: "r1" };
const ME = SESSION.user;
const CSRF = { csrfToken: "csrf-token-1" };
/** user-service's refresh answer for a browser: the new refresh token went into the cookie, not the body. */
const refreshed = (accessToken = "access-2") => ({
  user: ME,
  tokens: { accessToken, tokenType: "Bearer", expiresIn: 900 },
});

const path = (call: Call) => call.url.replace("http://ustbites.test", "");

const channels: BroadcastChannel[] = [];
afterEach(() => {
  for (const channel of channels.splice(0)) channel.close();
});
/** A browser tab: its own memory, the shared fetch (the browser's one cookie jar), a channel to the other tabs. */
function tab(fetch: typeof globalThis.fetch, opts: { restoring?: boolean } = {}) {
  const channel = new BroadcastChannel("ustbites.session.test");
  channels.push(channel);
  const session = createSessionStore({ channel, ...opts });
  const api = createApiClient({ session, fetch, baseUrl: "http://ustbites.test" });
  return { session, api, endpoints: createEndpoints(api) };
}
const changed = (session: SessionStore) => new Promise<void>((resolve) => session.subscribe(resolve));

describe("the API client", () => {
  it("refreshes an expired token once through the cookie, with a CSRF token and no refresh token in the body, and retries", async () => {
    const { fetch, calls } = fakeFetch((call) => {
      if (call.url.endsWith("/auth/csrf")) return json(200, CSRF);
      if (call.url.endsWith("/auth/refresh")) return json(200, refreshed());
      return call.headers.get("authorization") === "Bearer access-2" ? json(200, ME) : json(401, PROBLEM_401);
    });
    const { endpoints, session } = services(fetch);

    expect(await endpoints.auth.me()).toEqual(ME);
    expect(calls.map(path)).toEqual(["/api/user/me", "/api/user/auth/csrf", "/api/user/auth/refresh", "/api/user/me"]);
    const refresh = calls[2]!;
    expect(refresh.headers.get("x-csrf-token")).toBe("csrf-token-1");
    expect(refresh.body).toBeUndefined();
    expect(session.get()?.accessToken).toBe("access-2");
  });

  it("shares one refresh between requests that fail together", async () => {
    const { fetch, calls } = fakeFetch(({ url, headers }) => {
      if (url.endsWith("/auth/csrf")) return json(200, CSRF);
      if (url.endsWith("/auth/refresh")) return json(200, refreshed());
      return headers.get("authorization") === "Bearer access-2" ? json(200, ME) : json(401, PROBLEM_401);
    });
    const { endpoints } = services(fetch);
    await Promise.all([endpoints.auth.me(), endpoints.auth.me(), endpoints.auth.me()]);
    expect(calls.filter((c) => c.url.endsWith("/auth/refresh"))).toHaveLength(1);
  });

  it("ends the session and sends the student to sign in when the refresh is refused", async () => {
    let signedOut = 0;
    const { fetch } = fakeFetch(({ url }) => (url.endsWith("/auth/csrf") ? json(200, CSRF) : json(401, PROBLEM_401)));
    const { endpoints, session } = services(fetch, () => signedOut++);

    const error = await endpoints.auth.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(session.get()).toBeNull();
    expect(signedOut).toBe(1);
  });

  it.each([
    [429, "rate limited"],
    [503, "user-service restarting"],
  ])("keeps the session when the refresh answers %i (%s): the student is not signed out", async (status) => {
    let signedOut = 0;
    const { fetch } = fakeFetch(({ url }) => {
      if (url.endsWith("/auth/csrf")) return json(200, CSRF);
      return url.endsWith("/auth/refresh") ? json(status, { ...PROBLEM_401, status }) : json(401, PROBLEM_401);
    });
    const { endpoints, session } = services(fetch, () => signedOut++);

    const error = await endpoints.auth.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(session.get()?.accessToken).toBe("access-1");
    expect(signedOut).toBe(0);
  });

  it("keeps the session when the refresh cannot reach the server at all", async () => {
    let signedOut = 0;
    const { fetch } = fakeFetch(({ url }) => {
      if (url.includes("/auth/")) throw new TypeError("Failed to fetch");
      return json(401, PROBLEM_401);
    });
    const { endpoints, session, api } = services(fetch, () => signedOut++);
    await endpoints.auth.me().catch(() => undefined);
    expect(await api.accessToken(true)).toBeNull();
    expect(session.get()).not.toBeNull();
    expect(signedOut).toBe(0);
  });

  it("reports a problem+json answer with its detail", async () => {
    const problem = {
      type: "urn:ustbites:problem:restaurant-closed",
      title: "Conflict",
      status: 409,
      detail: "Spice Route is closed right now",
      requestId: "r2",
    };
    const { fetch } = fakeFetch(() => json(409, problem));
    const { endpoints } = services(fetch);
    const error = (await endpoints.cart.get().catch((e: unknown) => e)) as ApiError;
    expect(error.message).toBe("Spice Route is closed right now");
    expect(error.problem?.type).toBe(problem.type);
  });
});

describe("a reload", () => {
  it("signs the student back in through the refresh cookie", async () => {
    const { fetch, calls } = fakeFetch(({ url }) =>
      url.endsWith("/auth/csrf") ? json(200, CSRF) : json(200, refreshed()),
    );
    const { session, api } = tab(fetch, { restoring: true });
    expect(session.restoring()).toBe(true);
    await api.restore();
    expect(session.restoring()).toBe(false);
    expect(session.get()).toEqual({ user: ME, accessToken: "access-2" });
    expect(calls.map(path)).toEqual(["/api/user/auth/csrf", "/api/user/auth/refresh"]);
  });

  it("without a live cookie ends on the sign-in page", async () => {
    const { fetch } = fakeFetch(({ url }) => (url.endsWith("/auth/csrf") ? json(200, CSRF) : json(401, PROBLEM_401)));
    const { session, api } = tab(fetch, { restoring: true });
    await api.restore();
    expect(session.restoring()).toBe(false);
    expect(session.get()).toBeNull();
  });

  it("keeps asking while user-service is unavailable, rather than sending the student to sign in", async () => {
    let attempts = 0;
    const { fetch } = fakeFetch(({ url }) => {
      if (url.endsWith("/auth/csrf")) return json(200, CSRF);
      return ++attempts === 1 ? json(503, { ...PROBLEM_401, status: 503 }) : json(200, refreshed());
    });
    const { session, api } = tab(fetch, { restoring: true });
    await api.restore();
    expect(attempts).toBe(2);
    expect(session.get()?.accessToken).toBe("access-2");
  });
});

describe("tabs", () => {
  it("refresh one at a time, so no tab presents a cookie another has already rotated", async () => {
    // user-service's rule: a refresh token works once; presenting it again revokes the session. The
    // browser's cookie jar is shared: each refresh sends the cookie as it is when the request leaves.
    let cookie = 1;
    let revoked = false;
    const used = new Set<number>();
    const { fetch, calls } = fakeFetch(async ({ url, headers }) => {
      if (url.endsWith("/auth/csrf")) return json(200, CSRF);
      if (url.endsWith("/auth/refresh")) {
        const sent = cookie;
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (used.has(sent)) revoked = true;
        used.add(sent);
        if (revoked) return json(401, PROBLEM_401);
        cookie = sent + 1;
        return json(200, refreshed(`access-from-cookie-${sent}`));
      }
      return !revoked && headers.get("authorization")?.startsWith("Bearer access-from-cookie-")
        ? json(200, ME)
        : json(401, PROBLEM_401);
    });
    const first = tab(fetch);
    const second = tab(fetch);
    first.session.set(SESSION);
    second.session.set(SESSION);

    expect(await Promise.all([first.endpoints.auth.me(), second.endpoints.auth.me()])).toEqual([ME, ME]);
    expect(calls.filter((c) => c.url.endsWith("/auth/refresh"))).toHaveLength(2);
    expect(revoked).toBe(false);
  });

  it("all sign out when one does: user-service ends the cookie's session (with the CSRF token) and the others forget theirs", async () => {
    const { fetch, calls } = fakeFetch(({ url }) => (url.endsWith("/auth/csrf") ? json(200, CSRF) : json(204, null)));
    const first = tab(fetch);
    const second = tab(fetch);
    first.session.set(SESSION);
    second.session.set(SESSION);

    const secondSignedOut = changed(second.session);
    await first.api.endSession();
    await secondSignedOut;
    expect(first.session.get()).toBeNull();
    expect(second.session.get()).toBeNull();
    const logout = calls.find((c) => c.url.endsWith("/auth/logout"));
    expect(logout?.method).toBe("POST");
    expect(logout?.headers.get("x-csrf-token")).toBe("csrf-token-1");
  });

  it("follow a sign-in in another tab through the shared cookie", async () => {
    const { fetch } = fakeFetch(({ url }) =>
      url.endsWith("/auth/csrf") ? json(200, CSRF) : json(200, refreshed("access-of-the-other-tab")),
    );
    const signedOut = tab(fetch);
    const signingIn = tab(fetch);
    const followed = changed(signedOut.session);
    signingIn.session.set(SESSION);
    await followed;
    expect(signedOut.session.get()).toEqual({ user: ME, accessToken: "access-of-the-other-tab" });
  });
});
