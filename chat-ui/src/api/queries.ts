import type {
  AddCartItemBody,
  Cart,
  ItemSearchQuery,
  RestaurantListQuery,
  UpdateCartItemBody,
} from "@ustbites/contracts";
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useApp } from "../app-context.tsx";

/** Query keys in one place, so invalidation after a mutation (or an agent turn) names the same thing. */
export const keys = {
  restaurants: (query: Partial<RestaurantListQuery>) => ["restaurants", query] as const,
  menu: (id: string) => ["menu", id] as const,
  items: (query: Partial<ItemSearchQuery>) => ["items", query] as const,
  cart: ["cart"] as const,
  orders: ["orders"] as const,
  order: (id: string) => ["orders", id] as const,
  delivery: (orderId: string) => ["delivery", orderId] as const,
  threads: ["threads"] as const,
};

export function useRestaurants(query: Partial<RestaurantListQuery>) {
  const { endpoints } = useApp();
  return useQuery({
    queryKey: keys.restaurants(query),
    queryFn: () => endpoints.restaurants.list({ limit: 50, ...query }),
    // Keep the last list on screen while a new filter loads: no layout jump.
    placeholderData: keepPreviousData,
  });
}

export function useMenu(id: string) {
  const { endpoints } = useApp();
  return useQuery({ queryKey: keys.menu(id), queryFn: () => endpoints.restaurants.menu(id) });
}

export function useCart(enabled = true) {
  const { endpoints } = useApp();
  return useQuery({ queryKey: keys.cart, queryFn: () => endpoints.cart.get(), enabled });
}

export function useOrders() {
  const { endpoints } = useApp();
  return useQuery({ queryKey: keys.orders, queryFn: () => endpoints.orders.list({ limit: 50 }) });
}

export function useOrder(id: string) {
  const { endpoints } = useApp();
  return useQuery({ queryKey: keys.order(id), queryFn: () => endpoints.orders.get(id) });
}

export function useDelivery(orderId: string, enabled: boolean) {
  const { endpoints } = useApp();
  return useQuery({
    queryKey: keys.delivery(orderId),
    queryFn: () => endpoints.deliveries.get(orderId),
    enabled,
    retry: false,
  });
}

export function useThreads(enabled = true) {
  const { endpoints } = useApp();
  return useQuery({ queryKey: keys.threads, queryFn: () => endpoints.agent.threads(), enabled });
}

/** Every cart change answers with the whole cart: put it in the cache instead of fetching again. */
function useCartMutation<V>(run: (vars: V) => Promise<Cart | undefined>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (cart) => {
      if (cart) client.setQueryData(keys.cart, cart);
      else void client.invalidateQueries({ queryKey: keys.cart });
    },
  });
}

export function useAddToCart() {
  const { endpoints } = useApp();
  return useCartMutation((body: AddCartItemBody) => endpoints.cart.add(body));
}

export function useUpdateCartLine() {
  const { endpoints } = useApp();
  return useCartMutation(({ lineId, body }: { lineId: string; body: UpdateCartItemBody }) =>
    endpoints.cart.update(lineId, body),
  );
}

export function useRemoveCartLine() {
  const { endpoints } = useApp();
  return useCartMutation((lineId: string) => endpoints.cart.remove(lineId));
}

export function useClearCart() {
  const { endpoints } = useApp();
  return useCartMutation(async () => {
    await endpoints.cart.clear();
    return undefined;
  });
}

/** After an agent turn: tools may have changed the cart, placed or cancelled an order, or started a thread. */
export function refreshAfterAgentTurn(client: QueryClient, toolNames: string[]) {
  void client.invalidateQueries({ queryKey: keys.threads });
  if (toolNames.some((name) => /cart/.test(name) || name === "place_order"))
    void client.invalidateQueries({ queryKey: keys.cart });
  if (toolNames.some((name) => name === "place_order" || name === "cancel_order"))
    void client.invalidateQueries({ queryKey: keys.orders });
}
