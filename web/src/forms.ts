// What every form of the signed-in journeys shares: the posted fields (bounded), the GOV.UK error
// summary and inline errors — from the service's own checks and from the API's field errors
// (`extensions.field`, e.g. `input.contactEmail`) — and the idempotency key each form carries, so
// a double submit or a retry makes one record.
import { randomUUID } from 'node:crypto';
import type { InputProblem } from './gateway.ts';

export type Posted = Record<string, string>;

/** The longest value any field of any form may have; each form narrows this. */
export const maxFieldLength = 5000;

/** A posted form's text fields, trimmed, each at most `maxFieldLength` (longer ones are cut: the form's own check then says so). */
export function readPosted(body: unknown): Posted {
  const posted: Posted = {};
  if (typeof body !== 'object' || body === null) return posted;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    const text = Array.isArray(value) ? value[0] : value;
    if (typeof text === 'string') posted[key] = text.trim().slice(0, maxFieldLength + 1);
  }
  return posted;
}

/** A key for one submission of one form: sent with the form, so the same form posted twice is one record. */
export const newIdempotencyKey = () => randomUUID();
const idempotencyKeyPattern = /^[A-Za-z0-9_-]{8,128}$/;

/** The form's idempotency key if it is well formed, else a new one (a tampered key cannot reach the API). */
export function idempotencyKeyOf(posted: Posted): string {
  const key = posted.idempotencyKey ?? '';
  return idempotencyKeyPattern.test(key) ? key : newIdempotencyKey();
}

/** Errors by form field, in the order the form shows its fields. */
export class FormErrors {
  readonly byField = new Map<string, string>();

  add(field: string, message: string): this {
    if (!this.byField.has(field)) this.byField.set(field, message);
    return this;
  }

  get any(): boolean {
    return this.byField.size > 0;
  }

  /** `{ field: { text } }` for the inline errors of govuk-frontend's macros. */
  inline(): Record<string, { text: string }> {
    return Object.fromEntries([...this.byField].map(([field, text]) => [field, { text }]));
  }

  /** The error summary's list, in the order of `fields` (the form's order), each linking to its field. */
  summary(fields: readonly string[]): { text: string; href: string }[] {
    const ordered = [...fields.filter((field) => this.byField.has(field)), ...[...this.byField.keys()].filter((field) => !fields.includes(field))];
    return ordered.map((field) => ({ text: this.byField.get(field)!, href: `#${field}` }));
  }
}

/**
 * The API's refusals as errors on the form's fields: `input.<name>` (or a name `fieldFor` maps)
 * goes on that field; a refusal that names no field of the form goes on `fallbackField`.
 */
export function apiProblemsOnForm(problems: InputProblem[], formFields: readonly string[], fallbackField: string, fieldFor: Record<string, string> = {}): FormErrors {
  const errors = new FormErrors();
  for (const problem of problems) {
    const path = problem.field ?? '';
    const name = fieldFor[path] ?? path.replace(/^input\./, '');
    errors.add(formFields.includes(name) ? name : fallbackField, problem.message);
  }
  return errors;
}

/** Checks of the service's own, before anything is sent: required, at most so long, an email. */
export const check = {
  required(errors: FormErrors, posted: Posted, field: string, message: string): void {
    if (!posted[field]) errors.add(field, message);
  },
  maxLength(errors: FormErrors, posted: Posted, field: string, max: number, label: string): void {
    if ((posted[field] ?? '').length > max) errors.add(field, `${label} must be ${max} characters or fewer`);
  },
  email(errors: FormErrors, posted: Posted, field: string): void {
    const value = posted[field];
    if (value && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) errors.add(field, 'Enter an email address in the correct format, like name@example.com');
  },
  phone(errors: FormErrors, posted: Posted, field: string): void {
    const value = posted[field];
    if (value && !/^(\+44\s?|0)[\d\s()-]{9,16}$/.test(value)) errors.add(field, 'Enter a UK telephone number, like 01632 960 001 or 07700 900 982');
  },
};
