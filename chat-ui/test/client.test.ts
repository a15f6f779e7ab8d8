import { describe, expect, it } from "vitest";
import { ApiError, createApiClient } from "../src/api/client.ts";
import { createEndpoints } from "../src/api/endpoints.ts";
import { createSessionStore } from "../src/api/session.ts";
import { fakeFetch, json, services, SESSION } from "./fixtures.ts";

const PROBLEM_401 = { type: "urn:ustbites:problem:unauthorized", title: "Unauthorized", status: 401, requestId: "r1" };
const refreshed = { user: SESSION.user, tokens: { ...SESSION.tokens, accessToken: "access-2", refreshToken: "refresh-token-0000002" } };
const ME = SESSION.user;

describe("the API client", () => {
  it("refreshes an expired token once and retries the request with the new one", async () => {
    const { fetch, calls } = fakeFetch(({ url, headers }) => {
      if (url.endsWith("/api/user/auth/refresh")) return json(200, refreshed);
      return headers.get("authorization") === "Bearer access-2" ? json(200, ME) : json(401, PROBLEM_401);
    });
    const { endpoints, session } = services(fetch);

    expect(await endpoints.auth.me()).toEqual(ME);
    expect(calls.map((c) => c.url.replace("http://ustbites.test", ""))).toEqual(["/api/user/me", "/api/user/auth/refresh", "/api/user/me"]);
    expect(calls[1]!.body).toEqual({ refreshToken: "refresh-token-0000001" });
    expect(session.get()?.tokens.refreshToken).toBe("refresh-token-0000002");
  });

  it("shares one refresh between requests that fail together", async () => {
    const { fetch, calls } = fakeFetch(({ url, headers }) => {
      if (url.endsWith("/auth/refresh")) return json(200, refreshed);
      return headers.get("authorization") === "Bearer access-2" ? json(200, ME) : json(401, PROBLEM_401);
    });
    const { endpoints } = services(fetch);
    await Promise.all([endpoints.auth.me(), endpoints.auth.me(), endpoints.auth.me()]);
    expect(calls.filter((c) => c.url.endsWith("/auth/refresh"))).toHaveLength(1);
  });

  it("ends the session and sends the student to sign in when the refresh is refused", async () => {
    let signedOut = 0;
    const { fetch } = fakeFetch(({ url }) => (url.endsWith("/auth/refresh") ? json(401, PROBLEM_401) : json(401, PROBLEM_401)));
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
    const { fetch } = fakeFetch(({ url }) => (url.endsWith("/auth/refresh") ? json(status, { ...PROBLEM_401, status }) : json(401, PROBLEM_401)));
    const { endpoints, session } = services(fetch, () => signedOut++);

    const error = await endpoints.auth.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(session.get()?.tokens.refreshToken).toBe("refresh-token-0000001");
    expect(signedOut).toBe(0);
  });

  it("keeps the session when the refresh cannot reach the server at all", async () => {
    let signedOut = 0;
    const { fetch } = fakeFetch(({ url }) => {
      if (url.endsWith("/auth/refresh")) throw new TypeError("Failed to fetch");
      return json(401, PROBLEM_401);
    });
    const { endpoints, session, api } = services(fetch, () => signedOut++);
    await endpoints.auth.me().catch(() => undefined);
    expect(await api.accessToken(true)).toBeNull();
    expect(session.get()).not.toBeNull();
    expect(signedOut).toBe(0);
  });

  it("reports a problem+json answer with its detail", async () => {
    const problem = { type: "urn:ustbites:problem:restaurant-closed", title: "Conflict", status: 409, detail: "Spice Route is closed right now", requestId: "r2" };
    const { fetch } = fakeFetch(() => json(409, problem));
    const { endpoints } = services(fetch);
    const error = (await endpoints.cart.get().catch((e: unknown) => e)) as ApiError;
    expect(error.message).toBe("Spice Route is closed right now");
    expect(error.problem?.type).toBe(problem.type);
  });

  it("lets two tabs share one session: the second tab takes the first one's new tokens instead of spending the used refresh token", async () => {
    // user-service's rule: a refresh token works once; presenting it again revokes the session.
    const used = new Set<string>();
    let revoked = false;
    const { fetch, calls } = fakeFetch(({ url, headers, body }) => {
      if (url.endsWith("/auth/refresh")) {
        const token = (body as { refreshToken: string }).refreshToken;
        if (used.has(token)) revoked = true;
        used.add(token);
        return revoked ? json(401, PROBLEM_401) : json(200, refreshed);
      }
      return !revoked && headers.get("authorization") === "Bearer access-2" ? json(200, ME) : json(401, PROBLEM_401);
    });
    localStorage.clear();
    const tab = () => {
      const session = createSessionStore(localStorage);
      const api = createApiClient({ session, fetch, baseUrl: "http://ustbites.test" });
      return { session, endpoints: createEndpoints(api) };
    };
    const first = tab();
    first.session.set(SESSION);
    const second = tab();

    expect(await first.endpoints.auth.me()).toEqual(ME);
    expect(await second.endpoints.auth.me()).toEqual(ME);
    expect(calls.filter((c) => c.url.endsWith("/auth/refresh"))).toHaveLength(1);
    expect(revoked).toBe(false);
    expect(second.session.get()?.tokens.refreshToken).toBe("refresh-token-0000002");
    localStorage.clear();
  });
});
