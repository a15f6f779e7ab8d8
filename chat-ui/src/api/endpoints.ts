import {
  AuthResponse,
  Cart,
  CourierAssignment,
  CourierAssignmentList,
  Delivery,
  KitchenOrder,
  KitchenOrderList,
  MenuItem,
  Restaurant,
  Menu,
  MenuItemPage,
  Order,
  OrderHistory,
  OrderPage,
  RestaurantPage,
  ThreadDetail,
  ThreadPage,
  TraceDetail,
  TraceList,
  User,
  type AddCartItemBody,
  type CancelOrderBody,
  type ItemSearchQuery,
  type LoginBody,
  type MenuQuery,
  type OpeningHours,
  type OrderListQuery,
  type PlaceOrderBody,
  type RegisterBody,
  type RestaurantListQuery,
  type UpdateCartItemBody,
  type UpdateProfileBody,
} from "@ustbites/contracts";
import type { ApiClient } from "./client.ts";

/** Query objects as a screen builds them: every field optional, pagination included. */
type Loose<T> = Partial<T>;

/** Every platform call the app makes, one function each, typed by services/contracts. */
export function createEndpoints(api: ApiClient) {
  return {
    auth: {
      register: (body: RegisterBody) =>
        api.request({
          service: "user",
          path: "/auth/register",
          method: "POST",
          body,
          schema: AuthResponse,
          auth: false,
        }),
      login: (body: LoginBody) =>
        api.request({ service: "user", path: "/auth/login", method: "POST", body, schema: AuthResponse, auth: false }),
      me: () => api.request({ service: "user", path: "/me", schema: User }),
      updateProfile: (body: UpdateProfileBody) =>
        api.request({ service: "user", path: "/me", method: "PATCH", body, schema: User }),
    },
    restaurants: {
      list: (query: Loose<RestaurantListQuery> = {}) =>
        api.request({ service: "restaurant", path: "/restaurants", query, schema: RestaurantPage }),
      menu: (id: string, query: Loose<MenuQuery> = {}) =>
        api.request({
          service: "restaurant",
          path: `/restaurants/${encodeURIComponent(id)}/menu`,
          query,
          schema: Menu,
        }),
      items: (query: Loose<ItemSearchQuery> = {}) =>
        api.request({ service: "restaurant", path: "/items", query, schema: MenuItemPage }),
      setAvailability: (itemId: string, available: boolean) =>
        api.request({
          service: "restaurant",
          path: `/items/${itemId}/availability`,
          method: "PATCH",
          body: { available },
          schema: MenuItem,
        }),
      setHours: (id: string, hours: OpeningHours) =>
        api.request({
          service: "restaurant",
          path: `/restaurants/${encodeURIComponent(id)}/hours`,
          method: "PUT",
          body: { hours },
          schema: Restaurant,
        }),
    },
    kitchen: {
      list: () => api.request({ service: "order", path: "/kitchen/orders", schema: KitchenOrderList }),
      accept: (id: string, prepMinutes: number) =>
        api.request({
          service: "order",
          path: `/kitchen/orders/${id}/accept`,
          method: "POST",
          body: { prepMinutes },
          schema: KitchenOrder,
        }),
      reject: (id: string, reason: string) =>
        api.request({
          service: "order",
          path: `/kitchen/orders/${id}/reject`,
          method: "POST",
          body: { reason },
          schema: KitchenOrder,
        }),
      ready: (id: string) =>
        api.request({ service: "order", path: `/kitchen/orders/${id}/ready`, method: "POST", schema: KitchenOrder }),
    },
    courier: {
      list: () => api.request({ service: "delivery", path: "/courier/deliveries", schema: CourierAssignmentList }),
      pickedUp: (orderId: string) =>
        api.request({
          service: "delivery",
          path: `/courier/deliveries/${orderId}/picked-up`,
          method: "POST",
          schema: CourierAssignment,
        }),
      delivered: (orderId: string) =>
        api.request({
          service: "delivery",
          path: `/courier/deliveries/${orderId}/delivered`,
          method: "POST",
          schema: CourierAssignment,
        }),
    },
    cart: {
      get: () => api.request({ service: "cart", path: "/cart", schema: Cart }),
      add: (body: AddCartItemBody) =>
        api.request({ service: "cart", path: "/cart/items", method: "POST", body, schema: Cart }),
      update: (lineId: string, body: UpdateCartItemBody) =>
        api.request({ service: "cart", path: `/cart/items/${lineId}`, method: "PATCH", body, schema: Cart }),
      remove: (lineId: string) =>
        api.request({ service: "cart", path: `/cart/items/${lineId}`, method: "DELETE", schema: Cart }),
      clear: () => api.request({ service: "cart", path: "/cart", method: "DELETE" }),
    },
    orders: {
      place: (body: PlaceOrderBody, idempotencyKey: string) =>
        api.request({
          service: "order",
          path: "/orders",
          method: "POST",
          body,
          headers: { "idempotency-key": idempotencyKey },
          schema: Order,
        }),
      list: (query: Loose<OrderListQuery> = {}) =>
        api.request({ service: "order", path: "/orders", query, schema: OrderPage }),
      get: (id: string) => api.request({ service: "order", path: `/orders/${id}`, schema: Order }),
      events: (id: string) => api.request({ service: "order", path: `/orders/${id}/events`, schema: OrderHistory }),
      cancel: (id: string, body: CancelOrderBody = {}) =>
        api.request({ service: "order", path: `/orders/${id}/cancel`, method: "POST", body, schema: Order }),
    },
    deliveries: {
      get: (orderId: string) => api.request({ service: "delivery", path: `/deliveries/${orderId}`, schema: Delivery }),
    },
    agent: {
      threads: () => api.request({ service: "agent", path: "/threads", query: { limit: 30 }, schema: ThreadPage }),
      thread: (id: string) => api.request({ service: "agent", path: `/threads/${id}`, schema: ThreadDetail }),
    },
    traces: {
      list: (limit = 50) =>
        api.request({ service: "user", path: "/admin/traces", query: { limit }, schema: TraceList }),
      get: (traceId: string) =>
        api.request({ service: "user", path: `/admin/traces/${encodeURIComponent(traceId)}`, schema: TraceDetail }),
    },
  };
}

export type Endpoints = ReturnType<typeof createEndpoints>;
