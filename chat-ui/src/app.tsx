import { lazy, Suspense, type ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router";
import { useRestoring, useSession } from "./app-context.tsx";
import { Layout, NAV } from "./components/layout.tsx";
import { Restoring } from "./components/restoring.tsx";
import { Spinner } from "./components/ui.tsx";
import { AccountPage } from "./pages/account.tsx";
import { SignInPage, SignUpPage } from "./pages/auth.tsx";
import { CheckoutPage } from "./pages/checkout.tsx";
import { CourierPage } from "./pages/courier.tsx";
import { KitchenPage } from "./pages/kitchen.tsx";
import { NotFoundPage } from "./pages/not-found.tsx";
import { OrderPage } from "./pages/order.tsx";
import { OrdersPage } from "./pages/orders.tsx";
import { RestaurantPage } from "./pages/restaurant.tsx";
import { RestaurantsPage } from "./pages/restaurants.tsx";
import { TracePage, TracesPage } from "./pages/traces.tsx";

// assistant-ui is the largest dependency: the classic pages and sign-in load without it.
const ChatPage = lazy(() => import("./pages/chat.tsx"));

function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const restoring = useRestoring();
  const location = useLocation();
  if (restoring) return <Restoring />;
  if (!session) return <Navigate to="/signin" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

/** "/" is the chat for students; staff, couriers and admins start on their own screen. */
function HomeRoute() {
  const role = useSession()?.user.role ?? "student";
  return role === "student" ? <ChatRoute /> : <Navigate to={NAV[role][0]!.to} replace />;
}

function ChatRoute() {
  return (
    <Suspense
      fallback={
        <div className="grid h-full place-items-center">
          <Spinner label="Loading chat…" />
        </div>
      }
    >
      <ChatPage />
    </Suspense>
  );
}

export function App() {
  return (
    <Routes>
      <Route path="/signin" element={<SignInPage />} />
      <Route path="/signup" element={<SignUpPage />} />
      <Route
        element={
          <RequireAuth>
            <Layout />
          </RequireAuth>
        }
      >
        <Route index element={<HomeRoute />} />
        <Route path="chat/:threadId" element={<ChatRoute />} />
        <Route path="restaurants" element={<RestaurantsPage />} />
        <Route path="restaurants/:id" element={<RestaurantPage />} />
        <Route path="checkout" element={<CheckoutPage />} />
        <Route path="orders" element={<OrdersPage />} />
        <Route path="orders/:id" element={<OrderPage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="kitchen" element={<KitchenPage />} />
        <Route path="courier" element={<CourierPage />} />
        <Route path="admin/traces" element={<TracesPage />} />
        <Route path="admin/traces/:traceId" element={<TracePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
