// Business profiles: a business user registers its own business (the profile's id is its
// token's business_id) and keeps it up to date. Every input is checked before anything is
// written, so a refused request leaves the database as it was.
import {
  createOnce,
  districtOfCode,
  ErrorCode,
  inputChecks,
  requireDistrictCode,
  requireEmail,
  requireIdempotencyKey,
  requireText,
  requireUkPhone,
  userError,
  type DistrictInfo,
  type InputChecks,
} from '@crimehub/common';
import type { Business, Prisma } from '../generated/prisma/client.ts';
import type { RegisterBusinessInput, UpdateBusinessInput } from '../generated/graphql.ts';
import type { Context } from '../loaders.ts';
import { districtsOfPostcode, requireAreaPostcode } from '../area.ts';
import { requireOwnBusiness } from './access.ts';

const blank = (value: string | null | undefined) => value == null || value.trim() === '';

/** An optional postcode, email or phone: absent or blank is null, anything else must pass its check. */
const optional = <T>(value: string | null | undefined, check: (value: string) => T): T | null => (blank(value) ? null : check(value!));

const named = (district: DistrictInfo) => `${district.name} (${district.code})`;

/**
 * The district a postcode is in decides the profile's district: a district given as well must be
 * the same one. Returns the district code to store, or undefined after recording the refusal.
 */
function districtAgreeing(check: InputChecks, postcode: { postcode: string; district: DistrictInfo }, districtCode: string | undefined): string | undefined {
  if (districtCode !== undefined && districtCode !== postcode.district.code) {
    const given = districtOfCode(districtCode);
    check.fail(
      'input.district',
      `Postcode ${postcode.postcode} is in ${named(postcode.district)}, not ${given ? named(given) : districtCode}: give ${postcode.district.code} as input.district, or leave it out and it is taken from the postcode.`,
    );
    return undefined;
  }
  return postcode.district.code;
}

export async function registerBusiness(input: RegisterBusinessInput, ctx: Context): Promise<{ business: Business; replayed: boolean }> {
  const { businessId } = requireOwnBusiness(ctx.identity, 'register a business');
  const check = inputChecks();
  const name = check.run(() => requireText(input.name, 'input.name', { max: 200 }));
  const districtGiven = blank(input.district) ? undefined : check.run(() => requireDistrictCode(input.district!, 'input.district'));
  const postcode = optional(input.postcode, (v) => check.run(() => requireAreaPostcode(v, 'input.postcode', districtGiven)));
  let districtCode = districtGiven;
  if (postcode) districtCode = districtAgreeing(check, postcode, districtGiven);
  else if (districtGiven === undefined && !check.failed('input.district') && !check.failed('input.postcode')) {
    check.fail('input.district', 'Say where the business is: give input.postcode (its district is taken from it) or input.district (an ONS code from the districts query).');
  }
  const contactEmail = optional(input.contactEmail, (v) => check.run(() => requireEmail(v, 'input.contactEmail')));
  const contactPhone = optional(input.contactPhone, (v) => check.run(() => requireUkPhone(v, 'input.contactPhone')));
  const idempotencyKey = check.run(() => requireIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey'));
  check.done();
  const data: Prisma.BusinessCreateInput = {
    id: businessId,
    name,
    sector: input.sector,
    size: input.size,
    districtCode: districtCode!,
    postcode: postcode?.postcode ?? null,
    rural: input.rural ?? false,
    contactEmail,
    contactPhone,
    idempotencyKey,
  };
  const { record, created } = await createOnce(
    () => ctx.prisma.business.create({ data }),
    () => ctx.prisma.business.findUnique({ where: { id: businessId } }),
  );
  if (record.idempotencyKey !== idempotencyKey) {
    throw userError(ErrorCode.BAD_USER_INPUT, `Business ${businessId} is already registered; change it with updateBusiness.`, {
      field: 'input.idempotencyKey',
      extensions: { reason: 'ALREADY_REGISTERED' },
    });
  }
  return { business: record, replayed: !created };
}

export async function updateBusiness(input: UpdateBusinessInput, ctx: Context): Promise<{ business: Business }> {
  const { businessId } = requireOwnBusiness(ctx.identity, 'change a business profile');
  const notRegistered = () => userError(ErrorCode.NOT_FOUND, `Business ${businessId} is not registered yet; register it with registerBusiness.`, { field: 'input' });
  const check = inputChecks();
  const data: Prisma.BusinessUpdateInput = {};
  if (input.name != null) data.name = check.run(() => requireText(input.name, 'input.name', { max: 200 }));
  if (input.sector != null) data.sector = input.sector;
  if (input.size != null) data.size = input.size;
  const districtGiven = input.district == null ? undefined : check.run(() => requireDistrictCode(input.district!, 'input.district'));
  // A new postcode whose sector is split takes the district given, else the one the profile has.
  const districtKept =
    input.postcode != null && districtGiven === undefined ? (await ctx.prisma.business.findUnique({ where: { id: businessId }, select: { districtCode: true } }))?.districtCode : undefined;
  const postcode = input.postcode == null ? undefined : check.run(() => requireAreaPostcode(input.postcode!, 'input.postcode', districtGiven ?? districtKept));
  if (input.removePostcode === true && input.postcode != null) {
    check.fail('input.removePostcode', 'Give input.postcode (a new postcode) or input.removePostcode (no postcode), not both.');
  }
  if (postcode) {
    data.postcode = postcode.postcode;
    data.districtCode = districtAgreeing(check, postcode, districtGiven);
  } else {
    if (input.removePostcode === true) data.postcode = null;
    if (districtGiven !== undefined) data.districtCode = districtGiven;
  }
  if (input.rural != null) data.rural = input.rural;
  if (input.contactEmail != null) data.contactEmail = optional(input.contactEmail, (v) => check.run(() => requireEmail(v, 'input.contactEmail')));
  if (input.contactPhone != null) data.contactPhone = optional(input.contactPhone, (v) => check.run(() => requireUkPhone(v, 'input.contactPhone')));
  check.done();
  // A new district alone must agree with the postcode the profile keeps.
  if (districtGiven !== undefined && postcode === undefined && input.removePostcode !== true) {
    const current = await ctx.prisma.business.findUnique({ where: { id: businessId }, select: { postcode: true } });
    if (!current) throw notRegistered();
    // A kept postcode in a split sector agrees with any district it may be in.
    const possible = current.postcode ? districtsOfPostcode(current.postcode) : undefined;
    if (possible && !possible.some((d) => d.code === districtGiven)) {
      throw userError(
        ErrorCode.BAD_USER_INPUT,
        `The business's postcode ${current.postcode} is in ${possible.map(named).join(' or ') || 'no district of the area'}: change input.postcode as well, or remove it with input.removePostcode.`,
        { field: 'input.district' },
      );
    }
  }
  // One statement: no row, no change.
  const { count } = await ctx.prisma.business.updateMany({ where: { id: businessId }, data: data as Prisma.BusinessUpdateManyMutationInput });
  const business = count === 1 ? await ctx.prisma.business.findUnique({ where: { id: businessId } }) : null;
  if (!business) throw notRegistered();
  return { business };
}
