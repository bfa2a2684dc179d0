import { describe, expect, it } from 'vitest';
import { readTracingConfig, sqlModel, sqlOperation } from './tracing.ts';

describe('readTracingConfig', () => {
  it('is off by default, named after the process', () => {
    expect(readTracingConfig('police', {})).toEqual({ enabled: false, serviceName: 'police', endpoint: undefined });
  });

  it('is on with OTEL_EXPORTER_OTLP_ENDPOINT, sending to its /v1/traces', () => {
    expect(readTracingConfig('gateway', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toEqual({
      enabled: true,
      serviceName: 'gateway',
      endpoint: 'http://collector:4318/v1/traces',
    });
  });

  it('takes OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is, before the general endpoint', () => {
    const config = readTracingConfig('cyber', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://b/traces' });
    expect(config).toMatchObject({ enabled: true, endpoint: 'https://b/traces' });
  });

  it('takes OTEL_SERVICE_NAME over the process name', () => {
    expect(readTracingConfig('victims', { OTEL_SERVICE_NAME: 'victims-blue', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }).serviceName).toBe('victims-blue');
  });

  it('treats blank values as unset', () => {
    expect(readTracingConfig('support', { OTEL_EXPORTER_OTLP_ENDPOINT: '  ', OTEL_SERVICE_NAME: '' })).toEqual({ enabled: false, serviceName: 'support', endpoint: undefined });
  });

  it('stays off when OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none', () => {
    expect(readTracingConfig('gateway', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }).enabled).toBe(false);
    expect(readTracingConfig('gateway', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }).enabled).toBe(false);
  });

  it('refuses an endpoint that is not an http(s) URL', () => {
    expect(() => readTracingConfig('gateway', { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/must be an http\(s\) URL/);
    expect(() => readTracingConfig('gateway', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' })).toThrow(/must be an http\(s\) URL/);
  });
});

describe('SQL span attributes', () => {
  it('names the operation and the table', () => {
    expect(sqlOperation('SELECT "id" FROM "cyber"."TrainingSession" WHERE 1=1')).toBe('SELECT');
    expect(sqlModel('SELECT "id" FROM "cyber"."TrainingSession" WHERE 1=1')).toBe('TrainingSession');
    expect(sqlOperation('  insert into "Booking" ("id") values ($1)')).toBe('INSERT');
    expect(sqlModel('insert into "Booking" ("id") values ($1)')).toBe('Booking');
    expect(sqlModel('UPDATE police.force SET name = $1')).toBe('force');
    expect(sqlOperation('-- comment\nBEGIN')).toBe('BEGIN');
    expect(sqlModel('SELECT 1')).toBeUndefined();
  });
});
