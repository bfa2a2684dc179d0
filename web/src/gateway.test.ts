// The web service's gateway client: saved operations sent by the id the gateway registers them
// under, and the gateway's answers sorted into data, a person's input problems, or a failure.
import { describe, expect, it } from 'vitest';
import { readSavedOperations } from '../../gateway/src/savedOperations.ts';
import { CrimeTypesDocument, DistrictForPostcodeDocument, DistrictsDocument, HelpAdviceDocument } from '../../operations/generated/graphql.ts';
import { readWebConfig } from './config.ts';
import { documentId, GatewayError, interpretResponse } from './gateway.ts';

describe('trusted document ids', () => {
  it('are the ids the gateway registers the saved operations under', async () => {
    const { operations } = await readSavedOperations();
    for (const document of [HelpAdviceDocument, CrimeTypesDocument, DistrictsDocument, DistrictForPostcodeDocument]) {
      const { id, name } = documentId(document);
      const saved = operations.find((operation) => operation.name === name);
      expect(saved, name).toBeDefined();
      expect(id).toBe(`sha256:${saved!.hash}`);
    }
  });
});

describe('gateway answers', () => {
  it('answers data when there are no errors', () => {
    expect(interpretResponse(200, { data: { districts: [] } })).toEqual({ data: { districts: [] } });
  });

  it('answers input problems, with field and candidates, when every error is the person’s to fix', () => {
    const result = interpretResponse(200, {
      data: { help: null },
      errors: [{ message: 'Which district?', extensions: { code: 'AMBIGUOUS_POSTCODE', field: 'business.postcode', candidates: [{ code: 'E07000192', name: 'Cannock Chase' }, { bad: 1 }] } }],
    });
    expect(result).toEqual({ problems: [{ code: 'AMBIGUOUS_POSTCODE', field: 'business.postcode', message: 'Which district?', candidates: [{ code: 'E07000192', name: 'Cannock Chase' }] }] });
  });

  it('throws a GatewayError for any other error, a 5xx, or an answer without data', () => {
    expect(() => interpretResponse(200, { errors: [{ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] })).toThrow(GatewayError);
    expect(() => interpretResponse(400, { errors: [{ message: 'not found', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] })).toThrow(/PERSISTED_QUERY_NOT_FOUND/);
    expect(() => interpretResponse(502, {})).toThrow(GatewayError);
    expect(() => interpretResponse(200, 'nonsense')).toThrow(GatewayError);
  });
});

describe('configuration', () => {
  it('reads WEB_PORT before PORT, GATEWAY_URL, and names a bad variable', () => {
    expect(readWebConfig({ WEB_PORT: '3100', PORT: '9' })).toMatchObject({ port: 3100, host: '127.0.0.1', gatewayUrl: 'http://127.0.0.1:4000/graphql' });
    expect(readWebConfig({ PORT: '3200', GATEWAY_URL: 'https://hub.example/graphql' })).toMatchObject({ port: 3200, gatewayUrl: 'https://hub.example/graphql' });
    expect(() => readWebConfig({ WEB_PORT: 'web' })).toThrow(/WEB_PORT/);
    expect(() => readWebConfig({ GATEWAY_URL: 'ftp://x' })).toThrow(/GATEWAY_URL/);
  });
});
