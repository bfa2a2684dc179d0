// Validates Open Referral UK records and pages against the UK profile's own JSON schemas
// (copied in ./schema, see its README), with Ajv for JSON Schema draft 2020-12 and its formats.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const schemaDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'schema');
/** Where the UK profile's OpenAPI document says the schemas live: their ids, so relative `$ref`s resolve. */
const base = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/';

/**
 * Reads a schema file. `taxonomy.json` has `"allOf": []`, which the draft 2020-12 meta-schema
 * forbids (allOf needs at least one item) and which asks nothing: it is dropped here, so the file
 * itself stays as published.
 */
function read(file: string): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(path.join(schemaDir, file), 'utf8')) as Record<string, unknown>;
  if (Array.isArray(schema.allOf) && schema.allOf.length === 0) delete schema.allOf;
  return schema;
}

function createAjv(): Ajv2020 {
  // allErrors: a refusal lists every problem of a record, not only the first.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false });
  addFormats.default(ajv);
  // The schemas are Frictionless Data table schemas too: these keywords annotate, they do not validate.
  ajv.addVocabulary(['name', 'path', 'datapackage_metadata', 'datapackage_type', 'constraints', 'core', 'example', 'tabular_required']);
  ajv.addSchema({ ...read('service.json'), $id: `${base}compiled/service.json` });
  ajv.addSchema({ ...read('service_list.json'), $id: `${base}compiled/service_list.json` });
  ajv.addSchema({ ...read('taxonomy_term.json'), $id: `${base}taxonomy_term.json` });
  ajv.addSchema({ ...read('taxonomy.json'), $id: `${base}taxonomy.json` });
  // The two excerpts of the OpenAPI document, as definitions of a schema of their own.
  ajv.addSchema({ $id: `${base}openapi.json`, $defs: read('openapi_components.json') });
  return ajv;
}

const ajv = createAjv();

/** The page envelope of the UK profile's list endpoints, with `contents` of the given schema. */
const page = (items: string) =>
  ajv.compile({
    allOf: [{ $ref: `${base}openapi.json#/$defs/Page` }],
    type: 'object',
    required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'],
    properties: { contents: { type: 'array', items: { $ref: items } } },
  });

export const orukValidators = {
  /** A fully nested service (`/services/{id}`, and every service an import takes). */
  service: ajv.getSchema(`${base}compiled/service.json`)!,
  /** A service as listed on a `/services` page. */
  serviceListItem: ajv.getSchema(`${base}compiled/service_list.json`)!,
  /** An organisation, as the UK profile's compiled service schema embeds it. */
  organization: ajv.getSchema(`${base}compiled/service.json#/properties/organization`)!,
  taxonomy: ajv.getSchema(`${base}taxonomy.json`)!,
  taxonomyTerm: ajv.getSchema(`${base}taxonomy_term.json`)!,
  apiInfo: ajv.getSchema(`${base}openapi.json#/$defs/ApiInfo`)!,
  servicePage: page(`${base}compiled/service_list.json`),
  organizationPage: page(`${base}compiled/service.json#/properties/organization`),
  taxonomyPage: page(`${base}taxonomy.json`),
  taxonomyTermPage: page(`${base}taxonomy_term.json`),
} satisfies Record<string, ValidateFunction>;

/** Ajv's errors as short sentences naming where: `/service_areas/0/id must match format "uuid"`. */
export function describeSchemaErrors(errors: ErrorObject[] | null | undefined, limit = 5): string[] {
  const sentences = (errors ?? []).map((error) => `${error.instancePath || '(record)'} ${error.message ?? 'is invalid'}`);
  const unique = [...new Set(sentences)];
  return unique.length > limit ? [...unique.slice(0, limit), `and ${unique.length - limit} more`] : unique;
}
