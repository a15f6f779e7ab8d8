import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { createApiClient } from "./api/client.ts";
import { createEndpoints } from "./api/endpoints.ts";
import { createSessionStore } from "./api/session.ts";
import { App } from "./app.tsx";
import { AppProvider } from "./app-context.tsx";
import "./index.css";

// Signed out until the refresh cookie (if any) says otherwise: api.restore() below asks.
const session = createSessionStore({ restoring: true });
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A 4xx will not fix itself by asking again.
      retry: (count, error) =>
        count < 2 && !(error instanceof Error && "status" in error && Number(error.status) < 500),
    },
  },
});
// A session that ends (sign-out, a refresh that failed) or changes hands (another account signed in
// in another tab) leaves nothing of the last person cached.
let cachedFor = session.get()?.user.id;
session.subscribe(() => {
  const now = session.get()?.user.id;
  if (now !== cachedFor) queryClient.clear();
  cachedFor = now;
});
const api = createApiClient({ session });
void api.restore();
const services = { api, endpoints: createEndpoints(api), session };

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <AppProvider services={services}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </AppProvider>
  </StrictMode>,
);
