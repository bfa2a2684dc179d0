import { describe, expect, it } from 'vitest';
import { anonymous } from './identity.ts';
import { createOnce, requireAmountPence, requireEmail, requireIdempotencyKey, requirePastDate, requirePostcode, requireRole, requireText, requireUkPhone } from './validation.ts';

const refusal = (code: string, field: string) => expect.objectContaining({ extensions: expect.objectContaining({ code, field }) });

describe('input checks', () => {
  it('trims text and bounds its length', () => {
    expect(requireText('  hello ', 'name')).toBe('hello');
    expect(() => requireText('   ', 'name')).toThrow(refusal('BAD_USER_INPUT', 'name'));
    expect(() => requireText('x'.repeat(201), 'name')).toThrow(/at most 200/);
  });

  it('accepts emails, UK phones and postcodes, and names the field when they are wrong', () => {
    expect(requireEmail(' Jo@Example.COM ', 'email')).toBe('jo@example.com');
    expect(() => requireEmail('jo@', 'contact.email')).toThrow(refusal('BAD_USER_INPUT', 'contact.email'));
    expect(requireUkPhone('+44 7700 900123', 'phone')).toBe('07700900123');
    expect(requireUkPhone('(01785) 123-456', 'phone')).toBe('01785123456');
    expect(() => requireUkPhone('12345', 'contact.phone')).toThrow(refusal('BAD_USER_INPUT', 'contact.phone'));
    expect(requirePostcode('st162ab', 'postcode')).toEqual({ postcode: 'ST16 2AB', outwardCode: 'ST16' });
    expect(() => requirePostcode('ST16', 'postcode')).toThrow(refusal('INVALID_POSTCODE', 'postcode'));
  });

  it('refuses dates in the future and negative amounts', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    expect(requirePastDate('2026-11-25T09:00:00Z', 'occurredAt', now).toISOString()).toBe('2026-11-25T09:00:00.000Z');
    expect(() => requirePastDate('2026-12-01T09:00:00Z', 'occurredAt', now)).toThrow(/cannot be in the future/);
    expect(() => requirePastDate('yesterday', 'occurredAt', now)).toThrow(/ISO 8601/);
    expect(requireAmountPence(12.345, 'loss')).toBe(1235);
    expect(() => requireAmountPence(-1, 'loss')).toThrow(refusal('BAD_USER_INPUT', 'loss'));
  });

  it('takes idempotency keys of 8 to 128 safe characters', () => {
    expect(requireIdempotencyKey('3f1c9a2e-0c1b-4a57-9d1e-8b1d2f3a4b5c')).toBeTruthy();
    expect(() => requireIdempotencyKey('short')).toThrow(refusal('BAD_USER_INPUT', 'idempotencyKey'));
    expect(() => requireIdempotencyKey('has spaces in it')).toThrow();
  });

  it('tells an anonymous caller to sign in and another role that it may not', () => {
    expect(() => requireRole(anonymous, ['police'], 'add an outcome')).toThrow(expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } }));
    expect(() => requireRole({ kind: 'user', subject: 's', role: 'analyst' }, ['police'], 'add an outcome')).toThrow(expect.objectContaining({ extensions: { code: 'FORBIDDEN' } }));
  });
});

describe('createOnce', () => {
  it('returns the existing record for a retry and the winner for a lost race', async () => {
    let stored: string | null = null;
    const find = async () => stored;
    expect(await createOnce(async () => (stored = 'first'), find)).toEqual({ record: 'first', created: true });
    expect(await createOnce(async () => 'second', find)).toEqual({ record: 'first', created: false });
    stored = null;
    const race = await createOnce(
      async () => {
        stored = 'winner';
        throw Object.assign(new Error('Unique constraint failed'), { code: 'P2002' });
      },
      async () => (stored === 'winner' ? stored : null),
    );
    expect(race).toEqual({ record: 'winner', created: false });
  });

  it('lets other errors through', async () => {
    await expect(createOnce(async () => Promise.reject(new Error('disk full')), async () => null)).rejects.toThrow('disk full');
  });
});
