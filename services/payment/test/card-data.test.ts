import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_CARDS } from "@ustbites/contracts";
import { createTestApp, paymentBody, type TestApp } from "./helpers.ts";
import { card } from "@ustbites/kit/testing";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ timeoutCardDelayMs: 50 });
});
afterAll(() => t.close());

/** UUIDs and hashes (the migrations' checksums): hex whose digits could spell a CVC by chance. */
const IDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32,}/g;

/** Every row of every table in the database, as text, ids and hashes blanked. */
async function dumpDatabase(): Promise<string> {
  const tables = await t.prisma.$queryRawUnsafe<{ name: string }[]>(
    "select quote_ident(table_schema) || '.' || quote_ident(table_name) as name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')",
  );
  expect(tables.map((r) => r.name)).toEqual(
    expect.arrayContaining(["public.payments", "public.outbox", "public.processor_charges", "public.refunds"]),
  );
  const rows = await Promise.all(
    tables.map(({ name }) => t.prisma.$queryRawUnsafe<{ row: string }[]>(`select t::text as row from ${name} t`)),
  );
  return rows
    .flat()
    .map((r) => r.row.replace(IDS, "<id>"))
    .join("\n");
}

describe("card data", () => {
  it("keeps neither the card number nor the CVC anywhere in the database, only the last four digits", async () => {
    const numbers = [
      TEST_CARDS.success,
      TEST_CARDS.decline,
      TEST_CARDS.insufficientFunds,
      TEST_CARDS.timeout,
      "5555555555554444",
      "378282246310005",
    ];
    const cvc = "9731";
    for (const number of numbers) {
      const student = await t.student();
      const body = paymentBody(student, { card: card(number, { cvc, holderName: "Chan Tai Man" }) });
      const res = await t.app.inject({ method: "POST", url: "/payments", headers: student.headers, payload: body });
      expect(res.statusCode).toBe(201);
      expect(res.body).not.toContain(number);
    }
    const dump = await dumpDatabase();
    expect(dump).toContain("4242");
    for (const number of numbers) {
      expect(dump).not.toContain(number);
      expect(dump).not.toContain(number.slice(0, 12));
    }
    expect(dump).not.toContain(cvc);
    expect(dump).not.toMatch(/cvc/i);
    expect(dump).not.toContain("Chan Tai Man");
  });
});
