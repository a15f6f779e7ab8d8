/**
 * What a student types ("9123 4567", "+852 9123-4567") in the E.164 form the API takes. Eight bare
 * digits are a Hong Kong number, as on campus; anything else is passed on for the API to judge, so
 * its error names the field. Empty means "no phone".
 */
export function toE164(typed: string): string | undefined {
  const compact = typed.replace(/[\s().-]/g, "");
  if (compact === "") return undefined;
  return /^\d{8}$/.test(compact) ? `+852${compact}` : compact;
}
