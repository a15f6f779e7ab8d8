import { createContext, useContext, useSyncExternalStore, type ReactNode } from "react";
import type { ApiClient } from "./api/client.ts";
import type { Endpoints } from "./api/endpoints.ts";
import type { Session, SessionStore } from "./api/session.ts";

export interface AppServices {
  api: ApiClient;
  endpoints: Endpoints;
  session: SessionStore;
}

const AppContext = createContext<AppServices | null>(null);

export function AppProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return <AppContext.Provider value={services}>{children}</AppContext.Provider>;
}

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error("useApp outside <AppProvider>");
  return services;
}

export function useSession(): Session | null {
  const { session } = useApp();
  return useSyncExternalStore(session.subscribe, session.get);
}

/** True while start-up is still asking user-service whether the refresh cookie signs someone in. */
export function useRestoring(): boolean {
  const { session } = useApp();
  return useSyncExternalStore(session.subscribe, session.restoring);
}
