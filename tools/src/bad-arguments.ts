import { ToolInputParsingException, type StructuredToolInterface } from "@langchain/core/tools";
import { z } from "zod";
import { failure } from "./results.ts";

/** One short line per failing argument, each naming it: what a model can correct in its next call. */
export function describeBadArguments(error: z.ZodError): string {
  const reasons = error.issues.slice(0, 3).map((issue) => {
    const field = issue.path.join(".");
    if (issue.code === "unrecognized_keys") return `unknown argument ${issue.keys.join(", ")}`;
    if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) return `missing ${field}`;
    return field ? `${field}: ${issue.message}` : issue.message;
  });
  return `bad arguments: ${reasons.join("; ")}`;
}

export const badArguments = (error: z.ZodError) => failure("bad_arguments", describeBadArguments(error));

/**
 * LangChain validates a call's arguments before the tool's function runs and throws on a mismatch.
 * The model should instead read a short reason naming the field, as a result it can correct; so the
 * tool answers a `bad_arguments` ToolError.
 */
export function reportBadArguments<T extends StructuredToolInterface>(tool: T): T {
  const schema = tool.schema;
  if (!(schema instanceof z.ZodType)) return tool;
  const invoke = tool.invoke.bind(tool);
  const guardedInvoke: typeof invoke = async (input, config) => {
    try {
      return await invoke(input, config);
    } catch (err) {
      if (!(err instanceof ToolInputParsingException)) throw err;
      // Invoked with a whole tool call (as LangChain's ToolNode does), the arguments are in `args`.
      const args: unknown =
        typeof input === "object" && input !== null && (input as { type?: unknown }).type === "tool_call"
          ? (input as { args?: unknown }).args
          : input;
      const parsed = schema.safeParse(args);
      return parsed.success ? failure("bad_arguments", "bad arguments") : badArguments(parsed.error);
    }
  };
  tool.invoke = guardedInvoke;
  return tool;
}
