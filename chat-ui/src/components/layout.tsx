import type { Role } from "@ustbites/contracts";
import { Bike, ChartGantt, ChefHat, LogOut, MessageCircle, Receipt, ShoppingBag, Store, UserRound } from "lucide-react";
import { useState } from "react";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { useCart } from "../api/queries.ts";
import { useApp, useSession } from "../app-context.tsx";
import { ChatControllerProvider } from "../chat/context.tsx";
import { CartDrawer } from "./cart-drawer.tsx";
import { cx } from "./ui.tsx";

const RESTAURANTS = { to: "/restaurants", label: "Restaurants", icon: Store, end: false };

/** Each role sees its own screens; the first entry is its home (where "/" leads). */
export const NAV: Record<Role, { to: string; label: string; icon: typeof Store; end: boolean }[]> = {
  student: [
    { to: "/", label: "Chat", icon: MessageCircle, end: true },
    RESTAURANTS,
    { to: "/orders", label: "Orders", icon: Receipt, end: false },
  ],
  staff: [{ to: "/kitchen", label: "Kitchen", icon: ChefHat, end: false }, RESTAURANTS],
  courier: [{ to: "/courier", label: "Deliveries", icon: Bike, end: false }],
  admin: [{ to: "/admin/traces", label: "Traces", icon: ChartGantt, end: false }, RESTAURANTS],
};

export function Layout() {
  const session = useSession();
  const { api } = useApp();
  const role = session?.user.role ?? "student";
  const nav = NAV[role];
  // Only students have a cart (cart-service answers anyone else 403).
  const isStudent = role === "student";
  const cart = useCart(isStudent);
  const [cartOpen, setCartOpen] = useState(false);
  const location = useLocation();
  const onChat = location.pathname === "/" || location.pathname.startsWith("/chat");
  const count = cart.data?.itemCount ?? 0;

  return (
    <ChatControllerProvider key={session?.user.id}>
      <div className="flex h-dvh flex-col">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2"
        >
          Skip to content
        </a>
        <header className="z-20 flex h-14 shrink-0 items-center gap-2 border-b border-stone-200 bg-white px-3 sm:px-5">
          <Link to="/" className="text-lg font-bold text-brand-700">
            USTBites
          </Link>
          <nav aria-label="Main" className="ml-4 hidden gap-1 md:flex">
            {nav.map(({ to, label, icon: Icon, end }) => (
              <NavLink
                key={to}
                to={to}
                end={end}
                className={({ isActive }) =>
                  cx(
                    "flex min-h-10 items-center gap-1.5 rounded-lg px-3 text-sm font-medium",
                    isActive ? "bg-brand-50 text-brand-800" : "text-stone-700 hover:bg-stone-100",
                  )
                }
              >
                <Icon aria-hidden="true" className="size-4" />
                {label}
              </NavLink>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-1">
            {isStudent ? (
              <button
                type="button"
                onClick={() => setCartOpen(true)}
                className="relative flex min-h-10 items-center gap-1.5 rounded-lg px-3 text-sm font-medium text-stone-800 hover:bg-stone-100"
              >
                <ShoppingBag aria-hidden="true" className="size-5" />
                <span aria-hidden="true" className="hidden sm:inline">
                  Cart
                </span>
                <span className="sr-only">{`Cart, ${count} ${count === 1 ? "item" : "items"}`}</span>
                <span
                  aria-hidden="true"
                  className={cx(
                    "min-w-5 rounded-full px-1.5 text-center text-xs font-semibold",
                    count > 0 ? "bg-brand-700 text-white" : "bg-stone-200 text-stone-700",
                  )}
                >
                  {count}
                </span>
              </button>
            ) : null}
            <Link
              to="/account"
              className="flex min-h-10 items-center gap-1.5 rounded-lg px-3 text-sm font-medium text-stone-800 hover:bg-stone-100"
            >
              <UserRound aria-hidden="true" className="size-4" />
              <span className="sr-only lg:not-sr-only lg:max-w-40 lg:truncate">
                {session?.user.name ? `Account: ${session.user.name}` : "Account"}
              </span>
            </Link>
            <button
              type="button"
              onClick={() => void api.endSession()}
              className="flex min-h-10 items-center gap-1.5 rounded-lg px-3 text-sm font-medium text-stone-800 hover:bg-stone-100"
            >
              <LogOut aria-hidden="true" className="size-4" />
              <span className="sr-only sm:not-sr-only">Sign out</span>
            </button>
          </div>
        </header>
        <main id="main" className={cx("min-h-0 flex-1", onChat ? "overflow-hidden" : "overflow-y-auto")}>
          {onChat ? (
            <Outlet />
          ) : (
            <div className="mx-auto max-w-5xl px-3 py-4 sm:px-5 sm:py-6">
              <Outlet />
            </div>
          )}
        </main>
        <nav
          aria-label="Main"
          className="grid shrink-0 auto-cols-fr grid-flow-col border-t border-stone-200 bg-white pb-[env(safe-area-inset-bottom)] md:hidden"
        >
          {nav.map(({ to, label, icon: Icon, end }) => (
            <NavLink
              key={to}
              to={to}
              end={end}
              className={({ isActive }) =>
                cx(
                  "flex min-h-14 flex-col items-center justify-center gap-0.5 text-xs font-medium",
                  isActive ? "text-brand-700" : "text-stone-700",
                )
              }
            >
              <Icon aria-hidden="true" className="size-5" />
              {label}
            </NavLink>
          ))}
        </nav>
      </div>
      {isStudent ? <CartDrawer open={cartOpen} onClose={() => setCartOpen(false)} /> : null}
    </ChatControllerProvider>
  );
}
