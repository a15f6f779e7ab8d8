/**
 * Qwen (and other reasoning models) write their thinking as `<think>…</think>` before the answer.
 * It is neither for the student nor for the stored history: both get the answer only.
 */
export function stripThinking(text: string): string {
  let out = text.replace(/<think>[\s\S]*?<\/think>/g, "");
  // A template that opens the block in the prompt leaves only the closing tag in the output.
  const close = out.lastIndexOf("</think>");
  if (close >= 0) out = out.slice(close + "</think>".length);
  // Cut off while still thinking: there is no answer yet.
  const open = out.indexOf("<think>");
  if (open >= 0) out = out.slice(0, open);
  return out.trim();
}
