// Look-ups that check an input against the police subgraph's data and name the field at fault.
import { ErrorCode, quoteInput, requireText, userError } from '@crimehub/common';
import type { CrimeType } from '../generated/prisma/client.ts';
import type { Context } from '../loaders.ts';
import { outwardCodeOf } from '../postcode.ts';
import { closestMatch } from './closestMatch.ts';

/** The crime type with this code, or UNKNOWN_CRIME_TYPE with the nearest code as a suggestion. */
export async function requireCrimeType(ctx: Context, raw: string, field: string): Promise<CrimeType> {
  // Checked before any look-up: no code is this long, and PostgreSQL refuses NUL in a parameter.
  const code = requireText(raw, field, { max: 100 }).toLowerCase();
  const found = await ctx.loaders.crimeType.load(code);
  if (found) return found;
  const codes = (await ctx.prisma.crimeType.findMany({ select: { code: true } })).map((c) => c.code);
  const suggestion = closestMatch(code, codes);
  throw userError(ErrorCode.UNKNOWN_CRIME_TYPE, `No crime type has the code ${quoteInput(raw)}.${suggestion ? ` Did you mean "${suggestion}"?` : ''} The crimeTypes query lists every code.`, {
    field,
    extensions: { ...(suggestion ? { suggestion } : {}) },
  });
}

/** The district of a postcode by its outward code, or POSTCODE_OUTSIDE_AREA. */
export async function districtOfPostcode(ctx: Context, postcode: string, field: string): Promise<string> {
  const outward = outwardCodeOf(postcode, field);
  const row = await ctx.loaders.districtByOutwardCode.load(outward);
  if (row) return row.districtCode;
  throw userError(
    ErrorCode.POSTCODE_OUTSIDE_AREA,
    `Postcode ${quoteInput(postcode)} (${outward}) is outside Staffordshire and Stoke-on-Trent. Each district in the districts query lists its postcodeDistricts.`,
    { field },
  );
}
