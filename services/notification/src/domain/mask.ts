/** "chan.tai.man@connect.ust.hk" → "c***@connect.ust.hk": enough to recognise, not enough to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "***";
  return `${email[0]}***${email.slice(at)}`;
}

/** "+852 9123 5678" → "+852 ****5678". */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  const country = phone.trim().startsWith("+") ? phone.trim().split(/\s+/)[0] : undefined;
  const last4 = digits.slice(-4);
  return country && country.length < phone.trim().length ? `${country} ****${last4}` : `****${last4}`;
}
