import { AuthResponse, type TokenPair, type User } from "@ustbites/contracts";

export interface Session {
  user: User;
  tokens: TokenPair;
}

export interface SessionStore {
  get(): Session | null;
  set(session: Session): void;
  /** Replaces the tokens of the current session (after a refresh). */
  setTokens(tokens: TokenPair): void;
  clear(): void;
  /** Re-reads storage (another tab may have refreshed or signed out) and returns what is there. */
  reload(): Session | null;
  subscribe(listener: () => void): () => void;
}

const KEY = "ustbites.session";

/**
 * The signed-in student, kept in localStorage so a reload stays signed in. The access token is
 * short-lived; the refresh token is single use and rotated on every refresh (user-service). Tabs share
 * the session: a change another tab writes (refresh, sign-out) is adopted here at once, so no tab
 * keeps a refresh token that has already been used — presenting one revokes the whole session.
 */
export function createSessionStore(storage: Storage | null = globalThis.localStorage ?? null): SessionStore {
  const listeners = new Set<() => void>();
  let current: Session | null = read();

  function read(): Session | null {
    const raw = storage?.getItem(KEY);
    if (!raw) return null;
    try {
      const parsed = AuthResponse.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  function write(next: Session | null) {
    current = next;
    if (next) storage?.setItem(KEY, JSON.stringify(next));
    else storage?.removeItem(KEY);
    for (const listener of listeners) listener();
  }

  function adopt() {
    current = read();
    for (const listener of listeners) listener();
  }
  globalThis.addEventListener?.("storage", (event: StorageEvent) => {
    if (event.key === KEY && event.storageArea === storage) adopt();
  });

  return {
    get: () => current,
    reload: () => {
      if (!storage) return current;
      const stored = read();
      if (JSON.stringify(stored) !== JSON.stringify(current)) adopt();
      return current;
    },
    set: (session) => write(session),
    setTokens: (tokens) => {
      if (current) write({ ...current, tokens });
    },
    clear: () => write(null),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
