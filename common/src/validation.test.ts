import { describe, expect, it, vi } from 'vitest';
import { anonymous } from './identity.ts';
import { requireDistrictCode } from './districts.ts';
import { quoteInput } from './quoteInput.ts';
import { createOnce, inputChecks, optionalText, requireEmail, requireIdempotencyKey, requirePastDate, requirePostcode, requireRole, requireText, requireUkPhone } from './validation.ts';

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

  it('refuses dates in the future, with a minute of grace for clocks', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    expect(requirePastDate(new Date('2026-11-25T09:00:00Z'), 'occurredAt', now).toISOString()).toBe('2026-11-25T09:00:00.000Z');
    expect(requirePastDate(new Date('2026-11-26T12:00:30Z'), 'occurredAt', now).toISOString()).toBe('2026-11-26T12:00:30.000Z');
    expect(() => requirePastDate(new Date('2026-12-01T09:00:00Z'), 'occurredAt', now)).toThrow(refusal('BAD_USER_INPUT', 'occurredAt'));
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

describe('control characters', () => {
  const nul = 'Alex\u0000Example';
  it.each([
    ['requireText', () => requireText(nul, 'input.name')],
    ['optionalText', () => optionalText(nul, 'input.name')],
    ['a multi-line requireText', () => requireText('line one\nline two\u0000', 'input.name', { multiline: true })],
    ['requireEmail', () => requireEmail('alex\u0000@example.com', 'input.name')],
    ['requireUkPhone', () => requireUkPhone('07700\u0000900123', 'input.name')],
    ['requirePostcode', () => requirePostcode('ST16\u00002AB', 'input.name')],
    ['requireDistrictCode', () => requireDistrictCode('E07000197\u0000', 'input.name')],
    ['requireIdempotencyKey', () => requireIdempotencyKey('abcdefgh\u0000', 'input.name')],
  ])('%s refuses NUL as BAD_USER_INPUT naming the field', (_, check) => {
    expect(check).toThrow(refusal('BAD_USER_INPUT', 'input.name'));
  });

  it('refuses other C0 controls, and tabs and line breaks outside multi-line text', () => {
    expect(() => requireText('bell\u0007', 'f')).toThrow(/control character \(U\+0007 at position 5\)/);
    expect(() => requireText('a\tb', 'f')).toThrow(refusal('BAD_USER_INPUT', 'f'));
    expect(() => requireText('a\nb', 'f')).toThrow(refusal('BAD_USER_INPUT', 'f'));
    expect(requireText('first line\r\n\tsecond line', 'f', { multiline: true })).toBe('first line\r\n\tsecond line');
    expect(() => requireText('a\u001bb', 'f', { multiline: true })).toThrow(refusal('BAD_USER_INPUT', 'f'));
  });
});

describe('quoteInput', () => {
  it('quotes short input as it is and cuts long input to 40 characters with an ellipsis and its length', () => {
    expect(quoteInput('shoplift')).toBe('"shoplift"');
    expect(quoteInput('x'.repeat(95_000))).toBe(`"${'x'.repeat(40)}…" (95000 characters)`);
    expect(quoteInput('a\u0000b')).toBe('"a\\u0000b"');
  });

  it('keeps an unknown district’s message short however long the input', () => {
    let message = '';
    try {
      requireDistrictCode('E'.repeat(95_000), 'district');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^"E{40}…" \(95000 characters\) is not the ONS code/);
    expect(message.length).toBeLessThan(300);
  });
});

describe('inputChecks', () => {
  it('reports every invalid field in one BAD_USER_INPUT error, the first one in extensions.field', () => {
    const check = inputChecks();
    const name = check.run(() => requireText('', 'input.name'));
    const email = check.run(() => requireEmail('nope', 'input.contactEmail'));
    const phone = check.run(() => requireUkPhone('07700 900123', 'input.contactPhone'));
    const postcode = check.run(() => requirePostcode('XX', 'input.postcode'));
    expect(phone).toBe('07700900123');
    expect([name, email, postcode]).toEqual([undefined, undefined, undefined]);
    expect(check.failed('input.contactEmail')).toBe(true);
    expect(check.failed('input.contactPhone')).toBe(false);
    let thrown: any;
    try {
      check.done();
    } catch (error) {
      thrown = error;
    }
    expect(thrown.message).toMatch(/^3 fields need attention: input.name, input.contactEmail, input.postcode\./);
    expect(thrown.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.name',
      fieldErrors: [
        { field: 'input.name', code: 'BAD_USER_INPUT', message: 'input.name is required.' },
        { field: 'input.contactEmail', code: 'BAD_USER_INPUT', message: expect.stringMatching(/email address/) },
        { field: 'input.postcode', code: 'INVALID_POSTCODE', message: expect.stringMatching(/full UK postcode/) },
      ],
    });
  });

  it('throws a single invalid field’s own error, with its code, and lists it', () => {
    const check = inputChecks();
    check.run(() => requireText('fine', 'input.name'));
    check.run(() => requireDistrictCode('E09999999', 'input.district'));
    expect(() => check.done()).toThrow(
      expect.objectContaining({
        extensions: { code: 'UNKNOWN_DISTRICT', field: 'input.district', fieldErrors: [{ field: 'input.district', code: 'UNKNOWN_DISTRICT', message: expect.any(String) }] },
      }),
    );
  });

  it('does nothing when every field is valid, and lets errors that are not about a field through', async () => {
    const check = inputChecks();
    expect(check.run(() => requireText(' ok ', 'input.name'))).toBe('ok');
    expect(() => check.done()).not.toThrow();
    expect(() => check.run(() => requireRole(anonymous, ['police'], 'act'))).toThrow(/Sign in/);
    await expect(check.runAsync(async () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    check.fail('input.district', 'input.district disagrees with input.postcode.');
    expect(() => check.done()).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ field: 'input.district' }) }));
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

  it("takes a raw statement's unique violation (P2010 with PostgreSQL's 23505) for a lost race, and no other raw failure", async () => {
    const rawFailure = (originalCode: string, kind: string) => Object.assign(new Error('Raw query failed'), { code: 'P2010', meta: { driverAdapterError: { cause: { originalCode, kind } } } });
    const race = await createOnce(async () => Promise.reject(rawFailure('23505', 'UniqueConstraintViolation')), vi.fn().mockResolvedValueOnce(null).mockResolvedValueOnce('winner'));
    expect(race).toEqual({ record: 'winner', created: false });
    await expect(
      createOnce(
        async () => Promise.reject(rawFailure('23503', 'ForeignKeyConstraintViolation')),
        async () => null,
      ),
    ).rejects.toThrow('Raw query failed');
  });

  it('lets other errors through', async () => {
    await expect(
      createOnce(
        async () => Promise.reject(new Error('disk full')),
        async () => null,
      ),
    ).rejects.toThrow('disk full');
  });
});
