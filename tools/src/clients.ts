import type { z } from "zod";
import { createServiceClient, type RequestOptions } from "@ustbites/kit/client";
import { currentStudent } from "./context.ts";

export interface ClientsOptions {
  /** Base URLs of the services the tools call, e.g. `{ restaurant: "http://127.0.0.1:3002", ... }`. */
  urls: { restaurant: string; cart: string; order: string; delivery: string };
  fetch?: typeof fetch;
  /** Per attempt; default 5000 ms. */
  timeoutMs?: number;
}

/** A request as a tool states it: the credential and request id come from the student context. */
export type StudentRequest<S extends z.ZodType> = Omit<RequestOptions<S>, "token" | "requestId">;

export interface StudentClient {
  request<S extends z.ZodType>(req: StudentRequest<S>): Promise<z.output<S>>;
}

export type ServiceKey = keyof ClientsOptions["urls"];
export type Clients = Record<ServiceKey, StudentClient>;

/**
 * One kit client per service, each call made as `currentStudent()`: its token is the only credential
 * any tool ever sends. Reads are retried once on a network failure or 502/503/504; writes are not
 * (place_order's POST is safe to repeat anyway, through its Idempotency-Key).
 */
export function createClients(opts: ClientsOptions): Clients {
  const asStudent = (service: ServiceKey): StudentClient => {
    const client = createServiceClient({
      service,
      baseUrl: opts.urls[service],
      timeoutMs: opts.timeoutMs ?? 5000,
      retryDelayMs: 100,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
    return {
      request(req) {
        const student = currentStudent();
        return client.request({
          retries: (req.method ?? "GET") === "GET" ? 1 : 0,
          ...req,
          token: student.token,
          requestId: student.requestId,
        });
      },
    };
  };
  return {
    restaurant: asStudent("restaurant"),
    cart: asStudent("cart"),
    order: asStudent("order"),
    delivery: asStudent("delivery"),
  };
}
