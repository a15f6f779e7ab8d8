import { DIETARY_TAGS, type DietaryTag, type Restaurant } from "@ustbites/contracts";
import { Star } from "lucide-react";
import { useDeferredValue, useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import { useRestaurants } from "../api/queries.ts";
import { Badge, Card, ErrorNotice, PageTitle, Spinner, cx } from "../components/ui.tsx";

function Chip({ pressed, onClick, children }: { pressed: boolean; onClick: () => void; children: string }) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      className={cx(
        "min-h-9 shrink-0 rounded-full px-3 text-sm font-medium ring-1",
        pressed
          ? "bg-brand-700 text-white ring-brand-700"
          : "bg-white text-stone-800 ring-stone-300 hover:bg-stone-100",
      )}
    >
      {children}
    </button>
  );
}

export function RestaurantCard({ restaurant }: { restaurant: Restaurant }) {
  return (
    <Card className="h-full">
      <Link
        to={`/restaurants/${restaurant.slug}`}
        className="flex h-full flex-col gap-2 rounded-xl p-4 hover:bg-stone-50"
      >
        <div className="flex items-start justify-between gap-2">
          <h2 className="text-lg font-semibold">{restaurant.name}</h2>
          <Badge tone={restaurant.isOpen ? "green" : "stone"}>{restaurant.isOpen ? "Open" : "Closed"}</Badge>
        </div>
        <p className="line-clamp-2 text-sm text-stone-700">{restaurant.description}</p>
        <p className="mt-auto flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-stone-700">
          <span className="capitalize">{restaurant.cuisines.join(" · ")}</span>
          <span className="inline-flex items-center gap-1">
            <Star aria-hidden="true" className="size-3.5 fill-amber-400 text-amber-500" />
            <span>
              {restaurant.rating.toFixed(1)}
              <span className="sr-only"> out of 5</span>
            </span>
          </span>
          <span>{restaurant.prepTimeMinutes} min</span>
          <span aria-label={`Price level ${restaurant.priceLevel} of 3`}>{"$".repeat(restaurant.priceLevel)}</span>
        </p>
      </Link>
    </Card>
  );
}

export function RestaurantsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const cuisine = params.get("cuisine") ?? undefined;
  const tag = (params.get("tag") as DietaryTag | null) ?? undefined;
  const openNow = params.get("open") === "1";
  const deferredQ = useDeferredValue(q.trim());

  const all = useRestaurants({});
  const list = useRestaurants({ q: deferredQ || undefined, cuisine, tag, openNow: openNow || undefined });
  const cuisines = useMemo(() => [...new Set((all.data?.items ?? []).flatMap((r) => r.cuisines))].sort(), [all.data]);

  const set = (key: string, value: string | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <PageTitle>Restaurants</PageTitle>
      <div className="mb-4 flex flex-col gap-3">
        <label className="flex flex-col gap-1">
          <span className="text-sm font-medium">Search restaurants and dishes</span>
          <input
            type="search"
            value={q}
            onChange={(e) => set("q", e.target.value || undefined)}
            placeholder="e.g. ramen, paneer, bubble tea"
            className="min-h-11 rounded-lg border border-stone-300 bg-white px-3 text-base"
          />
        </label>
        <div
          role="group"
          aria-label="Dietary"
          className="-mx-3 flex gap-2 overflow-x-auto px-3 pb-1 sm:mx-0 sm:flex-wrap sm:px-0"
        >
          <Chip pressed={openNow} onClick={() => set("open", openNow ? undefined : "1")}>
            Open now
          </Chip>
          {DIETARY_TAGS.map((t) => (
            <Chip key={t} pressed={tag === t} onClick={() => set("tag", tag === t ? undefined : t)}>
              {t}
            </Chip>
          ))}
        </div>
        {cuisines.length > 0 ? (
          <label className="flex flex-col gap-1 sm:max-w-xs">
            <span className="text-sm font-medium">Cuisine</span>
            <select
              value={cuisine ?? ""}
              onChange={(e) => set("cuisine", e.target.value || undefined)}
              className="min-h-11 rounded-lg border border-stone-300 bg-white px-3 text-base capitalize"
            >
              <option value="">All cuisines</option>
              {cuisines.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      {list.isPending ? <Spinner label="Loading restaurants…" /> : null}
      {list.error ? <ErrorNotice error={list.error} title="Could not load restaurants" /> : null}
      {list.data ? (
        <>
          <p className="mb-3 text-sm text-stone-700" aria-live="polite">
            {list.data.total} {list.data.total === 1 ? "restaurant" : "restaurants"}
          </p>
          <ul
            className={cx("grid gap-3 sm:grid-cols-2 lg:grid-cols-3", list.isPlaceholderData && "opacity-60")}
            aria-label="Restaurants"
          >
            {list.data.items.map((r) => (
              <li key={r.id}>
                <RestaurantCard restaurant={r} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
