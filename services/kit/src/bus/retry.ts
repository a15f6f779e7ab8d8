/** Delay before attempt `attempt + 1`: `baseMs`, then doubled per attempt. Both buses use it. */
export function retryDelay(baseMs: number, attempt: number): number {
  return baseMs * 2 ** (attempt - 1);
}
