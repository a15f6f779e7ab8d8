import type { Courier, Vehicle } from "@ustbites/contracts";

export interface CourierSeed {
  id: string;
  name: string;
  vehicle: Vehicle;
  phone: string;
}

/** The campus fleet. Fixed ids, so seeding on every start is idempotent. Numbers are fictional. */
export const COURIER_SEED: readonly CourierSeed[] = [
  { id: "0196a4c0-d000-7000-8000-000000000001", name: "Ka Ho", vehicle: "bike", phone: "+852 9123 4501" },
  { id: "0196a4c0-d000-7000-8000-000000000002", name: "Wing Yan", vehicle: "scooter", phone: "+852 9123 4502" },
  { id: "0196a4c0-d000-7000-8000-000000000003", name: "Chun Kit", vehicle: "foot", phone: "+852 9123 4503" },
  { id: "0196a4c0-d000-7000-8000-000000000004", name: "Hoi Ching", vehicle: "bike", phone: "+852 9123 4504" },
  { id: "0196a4c0-d000-7000-8000-000000000005", name: "Tsz Hin", vehicle: "scooter", phone: "+852 9123 4505" },
  { id: "0196a4c0-d000-7000-8000-000000000006", name: "Mei Ling", vehicle: "foot", phone: "+852 9123 4506" },
  { id: "0196a4c0-d000-7000-8000-000000000007", name: "Ho Yin", vehicle: "bike", phone: "+852 9123 4507" },
  { id: "0196a4c0-d000-7000-8000-000000000008", name: "Sze Wan", vehicle: "scooter", phone: "+852 9123 4508" },
];

/** "+852 9123 4501" → "+852 ****4501": only the last four digits leave the service. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  const country = phone.trim().match(/^\+\d{1,3}(?=\s)/)?.[0];
  const last4 = digits.slice(-4);
  return country ? `${country} ****${last4}` : `****${last4}`;
}

export function toCourier(row: { id: string; name: string; vehicle: Vehicle; phone: string }): Courier {
  return { id: row.id, name: row.name, vehicle: row.vehicle, phone: maskPhone(row.phone) };
}
