// Identifiers the hub makes for businesses: 128 random bits, so that no one can guess another
// business's id from their own (ids are not counters, dates or names).
import { randomBytes } from 'node:crypto';

const base32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32, lower case, without padding: easy to read out and case-insensitive. */
function toBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += base32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += base32[(value << (5 - bits)) & 31];
  return out;
}

/** What a business id the hub made looks like: `biz_` and 26 base32 characters (128 random bits). */
export const businessIdPattern = /^biz_[a-z2-7]{26}$/;

/** A new business id: `biz_` + 128 random bits in base32. */
export function newBusinessId(): string {
  return `biz_${toBase32(randomBytes(16))}`;
}
