import { CampusZone, DietaryTag, type MenuItem, type MenuSection, type Restaurant } from "@ustbites/contracts";
import type { ItemRecord, RestaurantRecord } from "../repositories/restaurants.ts";
import { isOpenAt } from "./hours.ts";

const Tags = DietaryTag.array();

export function toRestaurant(record: RestaurantRecord, now: Date): Restaurant {
  const hours = record.hours.map((h) => ({ day: h.day, opens: h.opens, closes: h.closes }));
  return {
    id: record.id,
    slug: record.slug,
    name: record.name,
    description: record.description,
    cuisines: record.cuisines.map((c) => c.cuisine),
    location: {
      building: record.building,
      zone: CampusZone.parse(record.zone),
      ...(record.locationDescription ? { description: record.locationDescription } : {}),
    },
    hours,
    prepTimeMinutes: record.prepTimeMinutes,
    rating: record.rating.toNumber(),
    ratingCount: record.ratingCount,
    priceLevel: record.priceLevel,
    isOpen: isOpenAt(hours, now),
    imageUrl: record.imageUrl,
  };
}

export function toMenuItem(record: ItemRecord): MenuItem {
  return { ...record, tags: Tags.parse(record.tags) };
}

/** Items in menu order → sections in menu order; a section with no item (after filtering) is left out. */
export function groupBySection(items: readonly ItemRecord[]): MenuSection[] {
  const sections: MenuSection[] = [];
  for (const item of items) {
    const last = sections.at(-1);
    if (last?.name === item.section) last.items.push(toMenuItem(item));
    else sections.push({ name: item.section, items: [toMenuItem(item)] });
  }
  return sections;
}
