// The one table of error codes every subgraph and the gateway use in `extensions.code`.
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  /** Input is malformed or out of range; `extensions.field` names the input. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The crime type code is not one the police subgraph knows: see the `crimeTypes` query. */
  UNKNOWN_CRIME_TYPE: 'UNKNOWN_CRIME_TYPE',
  /** The district code is not one of the 9 local authorities: see the `districts` query. */
  UNKNOWN_DISTRICT: 'UNKNOWN_DISTRICT',
  /** The postcode is not a well-formed UK postcode. */
  INVALID_POSTCODE: 'INVALID_POSTCODE',
  /** The postcode is well formed but outside Staffordshire and Stoke-on-Trent. */
  POSTCODE_OUTSIDE_AREA: 'POSTCODE_OUTSIDE_AREA',
  /** The postcode's sector is split between districts (or not yet confirmed) and no district was given: `extensions.candidates` lists `{ code, name }` of each district it may be in; give the district too. */
  AMBIGUOUS_POSTCODE: 'AMBIGUOUS_POSTCODE',
  /** No identity, or a token that is missing, malformed, expired or wrongly signed. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The caller is known but may not see or do this. */
  FORBIDDEN: 'FORBIDDEN',
  /** Too many requests from this caller in the current window; `extensions.retryAfterSeconds` says when to retry. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The request body is larger than the gateway accepts. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** The document is too deep, too wide, too long or too costly to run. */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** The request does not say which one operation of its document to run (an unknown or missing `operationName`), or asks for a subscription. */
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  /** No registered operation has the `documentId` or persisted query hash the request sends: the saved operations' ids are in operations/manifest.json. */
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  /** The gateway runs only registered operations for this caller (TRUSTED_DOCUMENTS): send a saved operation by its id, or sign in. */
  TRUSTED_DOCUMENT_REQUIRED: 'TRUSTED_DOCUMENT_REQUIRED',
  /** A record the request names does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** A partner service did not answer in time or at all. */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  /** The request's deadline passed before this part of the answer was ready; the rest of the answer is what the hub had by then. */
  DEADLINE_EXCEEDED: 'DEADLINE_EXCEEDED',
  /** Something failed on our side; the message carries no internals. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface UserErrorOptions {
  /** Dotted path of the offending input, e.g. `business.postcode`. */
  field?: string;
  cause?: unknown;
  /** Further machine-readable details for the client. */
  extensions?: Record<string, unknown>;
}

/** An error the client caused and can fix: carries a code and, where known, the input field. */
export function userError(code: ErrorCode, message: string, options: UserErrorOptions = {}): GraphQLError {
  return new GraphQLError(message, {
    originalError: options.cause instanceof Error ? options.cause : undefined,
    extensions: { code, ...(options.field ? { field: options.field } : {}), ...options.extensions },
  });
}

/**
 * The entity a `__resolveReference` was asked for, or a NOT_FOUND error: the gateway then nulls
 * only the field that referenced it and puts the error on that field's path, so one partner's
 * missing row never nulls the rest of an answer.
 */
export function foundEntity<T>(entity: T | null | undefined, message: string): T {
  if (entity == null) throw userError(ErrorCode.NOT_FOUND, message);
  return entity;
}
