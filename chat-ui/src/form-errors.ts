import { ApiError } from "./api/client.ts";

export type FieldErrors = Record<string, string>;

/** The first message per field, keyed by the field's name (zod issues and problem+json alike). */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = String(issue.path.at(-1) ?? "form");
    errors[key] ??= issue.message;
  }
  return errors;
}

/** A failed request as form errors: the fields a problem+json names, or one message for the form. */
export function problemErrors(err: unknown): FieldErrors {
  if (err instanceof ApiError && err.problem?.errors?.length) {
    return fieldErrors(err.problem.errors.map((e) => ({ path: e.field.split("."), message: e.message })));
  }
  return { form: err instanceof Error ? err.message : "Something went wrong" };
}
