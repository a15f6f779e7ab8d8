import type { AuthResponse, User } from "@ustbites/contracts";

/**
 * The signed-in person and their access token, in memory only: nothing of it is written to
 * localStorage or sessionStorage, where any script in the page could read it. The refresh token is an
 * httpOnly cookie no script can read (user-service sets it); a reload gets a new access token with it.
 */
export interface Session {
  user: User;
  accessToken: string;
}

/** What the app keeps of a sign-in, registration or refresh answer. */
export const sessionOf = (answer: AuthResponse): Session => ({
  user: answer.user,
  accessToken: answer.tokens.accessToken,
});

export interface SessionStore {
  get(): Session | null;
  /** True while the app is still finding out, at start-up, whether the refresh cookie signs someone in. */
  restoring(): boolean;
  set(session: Session): void;
  clear(): void;
  subscribe(listener: () => void): () => void;
  /** Another tab signed someone in (`userId`) or out; this tab's own changes are not reported. */
  onOtherTab(listener: (change: TabChange) => void): () => void;
}

export type TabChange = { type: "signed-in"; userId: string } | { type: "signed-out" };

const CHANNEL = "ustbites.session";

/**
 * Tabs share the refresh cookie, not the access token: each tab keeps its own in memory. A sign-in or
 * sign-out is announced to the other tabs (BroadcastChannel carries no token), so a tab never goes on
 * as a student who signed out elsewhere.
 */
export function createSessionStore(
  opts: { restoring?: boolean; channel?: BroadcastChannel | null } = {},
): SessionStore {
  const listeners = new Set<() => void>();
  const tabListeners = new Set<(change: TabChange) => void>();
  const channel =
    opts.channel === undefined ? (globalThis.BroadcastChannel ? new BroadcastChannel(CHANNEL) : null) : opts.channel;
  let current: Session | null = null;
  let restoring = opts.restoring ?? false;

  function write(next: Session | null) {
    const before = current?.user.id;
    current = next;
    restoring = false;
    for (const listener of listeners) listener();
    return before;
  }

  channel?.addEventListener("message", (event: MessageEvent<TabChange>) => {
    if (event.data.type === "signed-out" && current) write(null);
    for (const listener of tabListeners) listener(event.data);
  });

  return {
    get: () => current,
    restoring: () => restoring,
    set: (session) => {
      // A refresh keeps the user: only a sign-in (or a switch of account) is news to the other tabs.
      if (write(session) !== session.user.id)
        channel?.postMessage({ type: "signed-in", userId: session.user.id } satisfies TabChange);
    },
    clear: () => {
      if (write(null) !== undefined) channel?.postMessage({ type: "signed-out" } satisfies TabChange);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onOtherTab: (listener) => {
      tabListeners.add(listener);
      return () => tabListeners.delete(listener);
    },
  };
}
