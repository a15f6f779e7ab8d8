import type { StructuredToolInterface } from "@langchain/core/tools";
import { z } from "zod";
import type { JsonSchema } from "../graph/coerce.ts";

/** A tool as offered to a model (OpenAI's function format, which every provider here accepts). */
export interface ToolDefinition {
  type: "function";
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/** Schema keywords a model does not need to call a tool well; each costs tokens on every call. */
const DROPPED = new Set([
  "$schema",
  "additionalProperties",
  "format",
  "pattern",
  "maxLength",
  "minLength",
  "default",
  "id",
]);

function minimize(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(minimize);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key)) continue;
    if (key === "description" && value === "") continue;
    // Number.MAX_SAFE_INTEGER says nothing a model needs.
    if (key === "maximum" && value === Number.MAX_SAFE_INTEGER) continue;
    // A nullable field's members repeat the field's own description.
    if (key === "anyOf" && Array.isArray(value)) {
      out[key] = value.map((member) =>
        minimize(typeof member === "object" && member !== null ? { ...member, description: "" } : member),
      );
      continue;
    }
    // Property names are data, not keywords: keep them all.
    out[key] =
      key === "properties"
        ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, minimize(v)]))
        : minimize(value);
  }
  return out;
}

/** The JSON Schema of a tool's input as callers write it (defaults make fields optional). */
export function inputSchema(tool: StructuredToolInterface): JsonSchema & Record<string, unknown> {
  const schema = tool.schema;
  if (!(schema instanceof z.ZodType)) return schema as JsonSchema & Record<string, unknown>;
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema & Record<string, unknown>;
}

/** What the model is offered: each tool's name, short description and a minimal schema. */
export function toolDefinitions(tools: StructuredToolInterface[]): ToolDefinition[] {
  return tools.map((tool) => ({
    type: "function",
    function: {
      name: tool.name,
      description: tool.description,
      parameters: minimize(inputSchema(tool)) as Record<string, unknown>,
    },
  }));
}
