/** The part of JSON Schema the coercion reads. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
}

const NUMBER = /^\s*-?\d+(\.\d+)?\s*$/;

const types = (schema: JsonSchema): string[] => {
  const own = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  return [...own, ...(schema.anyOf ?? []).flatMap(types)];
};

function coerce(value: unknown, schema: JsonSchema | undefined): unknown {
  if (!schema) return value;
  const allowed = types(schema);
  if (typeof value === "string") {
    if (allowed.includes("string")) return value;
    if ((allowed.includes("integer") || allowed.includes("number")) && NUMBER.test(value)) return Number(value);
    if (allowed.includes("boolean") && /^(true|false)$/i.test(value.trim()))
      return value.trim().toLowerCase() === "true";
    if (allowed.includes("object") && value.trim().startsWith("{")) {
      try {
        return coerce(JSON.parse(value), schema);
      } catch {
        return value;
      }
    }
    if (allowed.includes("null") && value.trim() === "null") return null;
    return value;
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const properties = schema.properties ?? schema.anyOf?.find((s) => s.properties)?.properties;
    if (!properties) return value;
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, coerce(v, properties[key])]));
  }
  return value;
}

/**
 * What small models write for what the schema means: "2" for 2, "true" for true, an object sent as
 * a JSON string. Anything else is left for the tool's own validation to name.
 */
export function coerceArguments(
  args: Record<string, unknown>,
  schema: JsonSchema | undefined,
): Record<string, unknown> {
  return coerce(args, schema) as Record<string, unknown>;
}
