// Business profiles: a business user registers its own business (the profile's id is its
// token's business_id) and keeps it up to date. Every input is checked before anything is
// written, so a refused request leaves the database as it was.
import { createOnce, ErrorCode, requireDistrictCode, requireEmail, requireIdempotencyKey, requireText, requireUkPhone, userError } from '@crimehub/common';
import type { Business, BusinessSize, Prisma, Sector } from '../generated/prisma/client.ts';
import type { Context } from '../loaders.ts';
import { requireAreaPostcode } from '../area.ts';
import { requireOwnBusiness } from './access.ts';

export interface RegisterBusinessInput {
  name: string;
  sector: Sector;
  size: BusinessSize;
  district: string;
  postcode?: string | null;
  rural?: boolean | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
  idempotencyKey: string;
}

export type UpdateBusinessInput = Partial<{ [K in Exclude<keyof RegisterBusinessInput, 'idempotencyKey'>]: RegisterBusinessInput[K] | null }>;

const blank = (value: string | null | undefined) => value == null || value.trim() === '';

/** An optional postcode, email or phone: absent or blank is null, anything else must pass its check. */
const optional = <T>(value: string | null | undefined, check: (value: string) => T): T | null => (blank(value) ? null : check(value!));

export async function registerBusiness(input: RegisterBusinessInput, ctx: Context): Promise<Business> {
  const { businessId } = requireOwnBusiness(ctx.identity, 'register a business');
  const idempotencyKey = requireIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey');
  const data: Prisma.BusinessCreateInput = {
    id: businessId,
    name: requireText(input.name, 'input.name', { max: 200 }),
    sector: input.sector,
    size: input.size,
    districtCode: requireDistrictCode(input.district, 'input.district'),
    postcode: optional(input.postcode, (v) => requireAreaPostcode(v, 'input.postcode')),
    rural: input.rural ?? false,
    contactEmail: optional(input.contactEmail, (v) => requireEmail(v, 'input.contactEmail')),
    contactPhone: optional(input.contactPhone, (v) => requireUkPhone(v, 'input.contactPhone')),
    idempotencyKey,
  };
  const { record } = await createOnce(
    () => ctx.prisma.business.create({ data }),
    () => ctx.prisma.business.findUnique({ where: { id: businessId } }),
  );
  if (record.idempotencyKey !== idempotencyKey) {
    throw userError(ErrorCode.BAD_USER_INPUT, `Business ${businessId} is already registered; change it with updateBusiness.`, {
      field: 'input.idempotencyKey',
      extensions: { reason: 'ALREADY_REGISTERED' },
    });
  }
  return record;
}

export async function updateBusiness(input: UpdateBusinessInput, ctx: Context): Promise<Business> {
  const { businessId } = requireOwnBusiness(ctx.identity, 'change a business profile');
  const data: Prisma.BusinessUpdateInput = {};
  if (input.name != null) data.name = requireText(input.name, 'input.name', { max: 200 });
  if (input.sector != null) data.sector = input.sector;
  if (input.size != null) data.size = input.size;
  if (input.district != null) data.districtCode = requireDistrictCode(input.district, 'input.district');
  if (input.postcode != null) data.postcode = optional(input.postcode, (v) => requireAreaPostcode(v, 'input.postcode'));
  if (input.rural != null) data.rural = input.rural;
  if (input.contactEmail != null) data.contactEmail = optional(input.contactEmail, (v) => requireEmail(v, 'input.contactEmail'));
  if (input.contactPhone != null) data.contactPhone = optional(input.contactPhone, (v) => requireUkPhone(v, 'input.contactPhone'));
  // One statement: no row, no change.
  const { count } = await ctx.prisma.business.updateMany({ where: { id: businessId }, data: data as Prisma.BusinessUpdateManyMutationInput });
  const business = count === 1 ? await ctx.prisma.business.findUnique({ where: { id: businessId } }) : null;
  if (!business) throw userError(ErrorCode.NOT_FOUND, `Business ${businessId} is not registered yet; register it with registerBusiness.`, { field: 'input' });
  return business;
}
