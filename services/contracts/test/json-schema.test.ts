import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as contracts from "../src/index.ts";

const schemas = Object.entries(contracts).flatMap(([name, value]): [string, z.ZodType][] =>
  value instanceof z.ZodType ? [[name, value]] : [],
);
// Request-side schemas may transform (coercion, 'true' → true); they are only ever read as input.
const isRequestSide = (name: string) =>
  /(Body|Query|Params|Headers|ClientMessage|Subscribe|Unsubscribe|Ping|Input|QueryBoolean)$/.test(name);

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  description?: string;
};

function undescribedFields(schema: JsonSchema, path: string): string[] {
  const missing: string[] = [];
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const here = `${path}.${key}`;
    const literalType = property.anyOf === undefined && "const" in property;
    if (!property.description && key !== "type" && key !== "kind" && !literalType) missing.push(here);
    missing.push(...undescribedFields(property, here));
  }
  if (schema.items) missing.push(...undescribedFields(schema.items, `${path}[]`));
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])])
    missing.push(...undescribedFields(branch, path));
  return missing;
}

describe("OpenAPI generation", () => {
  it("finds the schemas to check", () => {
    expect(schemas.length).toBeGreaterThan(80);
  });

  it.each(schemas)("converts %s to JSON Schema with a description on every field", (name, schema) => {
    const io = isRequestSide(name) ? "input" : "output";
    const json = z.toJSONSchema(schema, { io, target: "openapi-3.0" }) as JsonSchema;
    expect(undescribedFields(json, name)).toEqual([]);
  });
});
