import { PROBLEM_TYPES, type Problem } from "@ustbites/contracts";

export interface FieldError {
  field: string;
  message: string;
}

/**
 * An error that becomes an RFC 9457 problem+json response. Routes and domain code throw it for
 * expected failures; anything else thrown is a 500 whose details stay in the log.
 */
export class HttpProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly type: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    status: number,
    title: string,
    opts: { detail?: string; type?: string; errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(opts.detail ?? title);
    this.name = "HttpProblem";
    this.status = status;
    this.title = title;
    this.type = opts.type ?? "about:blank";
    this.errors = opts.errors;
    this.headers = opts.headers;
  }
}

export const badRequest = (field: string, message: string) =>
  new HttpProblem(400, "Bad Request", { detail: `${field}: ${message}`, errors: [{ field, message }] });
export const unauthorized = (detail = "A valid access token is required") =>
  new HttpProblem(401, "Unauthorized", {
    detail,
    type: PROBLEM_TYPES.unauthorized,
    headers: { "www-authenticate": 'Bearer realm="ustbites"' },
  });
export const forbidden = (detail: string) =>
  new HttpProblem(403, "Forbidden", { detail, type: PROBLEM_TYPES.forbidden });
export const notFound = (detail: string) => new HttpProblem(404, "Not Found", { detail, type: PROBLEM_TYPES.notFound });
export const conflict = (detail: string, type?: string) =>
  new HttpProblem(409, "Conflict", type ? { detail, type } : { detail });

export function toProblemBody(p: HttpProblem, instance: string, requestId: string): Problem {
  return {
    type: p.type,
    title: p.title,
    status: p.status,
    detail: p.message,
    instance,
    requestId,
    ...(p.errors ? { errors: p.errors } : {}),
  };
}
