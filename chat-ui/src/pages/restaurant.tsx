import { DIETARY_TAGS, PROBLEM_TYPES, type DietaryTag, type MenuItem } from "@ustbites/contracts";
import { ArrowLeft, Plus } from "lucide-react";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../api/client.ts";
import { useAddToCart, useClearCart, useMenu } from "../api/queries.ts";
import { Badge, Button, Card, ErrorNotice, Spinner, cx } from "../components/ui.tsx";
import { formatCents, SPICE_LABELS } from "../format.ts";

/** One dish with its Add button; used by the menu page and by the chat's item cards. */
export function MenuItemRow({
  item,
  canOrder = true,
  onAdded,
}: {
  item: Pick<MenuItem, "id" | "name" | "priceCents" | "available"> & Partial<MenuItem>;
  canOrder?: boolean;
  onAdded?: () => void;
}) {
  const add = useAddToCart();
  const clear = useClearCart();
  const [added, setAdded] = useState(false);
  const conflict = add.error instanceof ApiError && add.error.problem?.type === PROBLEM_TYPES.cartRestaurantConflict;

  const addOne = () =>
    add.mutate(
      { itemId: item.id, quantity: 1 },
      {
        onSuccess: () => {
          setAdded(true);
          onAdded?.();
        },
      },
    );

  return (
    <div className="flex flex-col gap-2 py-3">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="font-medium">{item.name}</h3>
          {item.description ? <p className="text-sm text-stone-700">{item.description}</p> : null}
          <div className="mt-1 flex flex-wrap items-center gap-1">
            {item.tags?.map((tag) => (
              <Badge key={tag} tone="brand">
                {tag}
              </Badge>
            ))}
            {item.spiceLevel ? <Badge tone="red">{SPICE_LABELS[item.spiceLevel]}</Badge> : null}
            {!item.available ? <Badge tone="stone">Sold out</Badge> : null}
          </div>
        </div>
        <div className="flex shrink-0 flex-col items-end gap-2">
          <p className="font-medium tabular-nums">{formatCents(item.priceCents)}</p>
          <Button
            size="sm"
            variant={added ? "secondary" : "primary"}
            onClick={addOne}
            busy={add.isPending}
            disabled={!item.available || !canOrder}
          >
            <Plus aria-hidden="true" className="size-4" />
            {added ? "Add another" : "Add"}
            <span className="sr-only"> {item.name}</span>
          </Button>
        </div>
      </div>
      <div aria-live="polite">
        {added && !add.isPending ? <p className="text-sm text-green-800">Added {item.name} to your cart.</p> : null}
        {conflict ? (
          <div
            role="alert"
            className="flex flex-wrap items-center gap-2 rounded-lg bg-amber-50 p-2 text-sm text-amber-900"
          >
            <span>Your cart has dishes from another restaurant.</span>
            <Button
              size="sm"
              variant="secondary"
              busy={clear.isPending}
              onClick={() => clear.mutate(undefined, { onSuccess: addOne })}
            >
              Clear cart and add
            </Button>
          </div>
        ) : add.error ? (
          <ErrorNotice error={add.error} title="Could not add it" />
        ) : null}
      </div>
    </div>
  );
}

export function RestaurantPage() {
  const { id = "" } = useParams();
  const menu = useMenu(id);
  const [tag, setTag] = useState<DietaryTag | null>(null);

  if (menu.isPending) return <Spinner label="Loading the menu…" />;
  if (menu.error) return <ErrorNotice error={menu.error} title="Could not load this restaurant" />;
  const { restaurant, sections } = menu.data;
  const shown = sections
    .map((section) => ({
      ...section,
      items: tag ? section.items.filter((item) => item.tags.includes(tag)) : section.items,
    }))
    .filter((section) => section.items.length > 0);

  return (
    <>
      <Link
        to="/restaurants"
        className="mb-3 inline-flex min-h-10 items-center gap-1 text-sm font-medium text-brand-700"
      >
        <ArrowLeft aria-hidden="true" className="size-4" /> All restaurants
      </Link>
      <div className="mb-4">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-semibold tracking-tight">{restaurant.name}</h1>
          <Badge tone={restaurant.isOpen ? "green" : "stone"}>{restaurant.isOpen ? "Open now" : "Closed now"}</Badge>
        </div>
        <p className="text-stone-700">{restaurant.description}</p>
        <p className="text-sm text-stone-700">
          {restaurant.location.building} · about {restaurant.prepTimeMinutes} min
        </p>
        {!restaurant.isOpen ? (
          <p className="mt-2 text-sm text-amber-900">It is closed now: you can look, but orders open when it does.</p>
        ) : null}
      </div>
      <div
        role="group"
        aria-label="Dietary filter"
        className="-mx-3 mb-2 flex gap-2 overflow-x-auto px-3 pb-1 sm:mx-0 sm:flex-wrap sm:px-0"
      >
        {DIETARY_TAGS.map((t) => (
          <button
            key={t}
            type="button"
            aria-pressed={tag === t}
            onClick={() => setTag(tag === t ? null : t)}
            className={cx(
              "min-h-9 shrink-0 rounded-full px-3 text-sm font-medium ring-1",
              tag === t
                ? "bg-brand-700 text-white ring-brand-700"
                : "bg-white text-stone-800 ring-stone-300 hover:bg-stone-100",
            )}
          >
            {t}
          </button>
        ))}
      </div>
      {shown.length === 0 ? <p className="py-6 text-stone-700">No dishes match this filter.</p> : null}
      {shown.map((section, index) => (
        <section key={section.name} aria-labelledby={`section-${index}`} className="mb-4">
          <h2 id={`section-${index}`} className="mt-4 text-lg font-semibold">
            {section.name}
          </h2>
          <Card className="divide-y divide-stone-200 px-4">
            <ul>
              {section.items.map((item) => (
                <li key={item.id} aria-label={item.name}>
                  <MenuItemRow item={item} canOrder={restaurant.isOpen} />
                </li>
              ))}
            </ul>
          </Card>
        </section>
      ))}
    </>
  );
}
