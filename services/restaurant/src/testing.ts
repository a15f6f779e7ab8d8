import pg from "pg";

/**
 * Test fixture: make restaurants open all week (`always`) or never (`never`), so tests and evals do
 * not depend on the hour they run at. Writes the restaurant database directly — harness privilege,
 * not an API the service offers.
 */
export async function setOpeningHours(
  databaseUrl: string,
  hours: Partial<Record<"always" | "never", string[]>>,
): Promise<void> {
  const sql = new pg.Client({ connectionString: databaseUrl });
  await sql.connect();
  try {
    const slugs = [...(hours.always ?? []), ...(hours.never ?? [])];
    await sql.query(
      "DELETE FROM opening_periods WHERE restaurant_id IN (SELECT id FROM restaurants WHERE slug = ANY($1))",
      [slugs],
    );
    await sql.query(
      `INSERT INTO opening_periods (restaurant_id, position, day, opens, closes, start_minute, end_minute)
       SELECT r.id, d, d, '00:00', '00:00', d * 1440, d * 1440 + 1440
       FROM restaurants r CROSS JOIN generate_series(0, 6) AS d
       WHERE r.slug = ANY($1)`,
      [hours.always ?? []],
    );
  } finally {
    await sql.end();
  }
}
