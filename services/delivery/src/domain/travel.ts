import type { CampusZone } from "@ustbites/contracts";

/** A rough map of campus: zones on a grid, central in the middle. */
const ZONE_POSITION: Record<CampusZone, readonly [number, number]> = {
  central: [0, 0],
  north: [0, 1],
  south: [0, -1],
  east: [1, 0],
  west: [-1, 0],
};

/**
 * Buildings students deliver to. Delivery addresses carry only a building name, so its zone is looked
 * up here; an unknown building is treated as two zones away from everything (the slow case).
 */
const BUILDING_ZONES: [RegExp, CampusZone][] = [
  [/^hall\s*(?:[1-4]|i|ii|iii|iv)\b/, "north"],
  [/^hall\s*(?:[5-9]|v|vi|vii|viii|ix)\b/, "south"],
  [/^student centre|^student center|^atrium/, "north"],
  [/^academic building|^library|^lg\d|^lecture theatre|^lt[a-z]?\b/, "central"],
  [/^seafront|^sports centre|^sports center|^cyt|^ias\b/, "east"],
  [/^lsk|^business school|^enterprise centre/, "west"],
];

export function zoneOf(building: string): CampusZone | undefined {
  const name = building.trim().toLowerCase();
  return BUILDING_ZONES.find(([pattern]) => pattern.test(name))?.[1];
}

export const MIN_TRAVEL_MINUTES = 8;
export const MAX_TRAVEL_MINUTES = 12;

/**
 * Simulated minutes a courier rides from the restaurant's zone to the drop-off building: 8 within a
 * zone, 2 more per zone step, 12 at most (also for a building the map does not know).
 */
export function travelMinutes(from: CampusZone, toBuilding: string): number {
  const to = zoneOf(toBuilding);
  if (!to) return MAX_TRAVEL_MINUTES;
  const [x1, y1] = ZONE_POSITION[from];
  const [x2, y2] = ZONE_POSITION[to];
  const steps = Math.abs(x1 - x2) + Math.abs(y1 - y2);
  return Math.min(MAX_TRAVEL_MINUTES, MIN_TRAVEL_MINUTES + 2 * steps);
}
