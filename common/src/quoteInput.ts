// Error messages may repeat what a client sent, but never more than a few dozen characters of it:
// a message that echoes input of any length turns every refusal into an amplifier.

/** The longest stretch of client input an error message repeats. */
export const quotedInputMax = 40;

/**
 * Client input as an error message quotes it: in double quotes with control characters escaped,
 * cut to `max` characters with an ellipsis (and its length) when longer.
 */
export function quoteInput(value: unknown, max: number = quotedInputMax): string {
  const text = typeof value === 'string' ? value : String(value);
  if (text.length <= max) return JSON.stringify(text);
  return `${JSON.stringify(`${text.slice(0, max)}…`)} (${text.length} characters)`;
}
