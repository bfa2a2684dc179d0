// OpenTelemetry traces end to end: the hub as real processes sending OTLP/HTTP (JSON) to a tiny
// receiver here. One help question is one trace: the gateway's server span, its client span per
// subgraph request, each subgraph's server span (a child of that client span) and the database
// spans under it; the gateway's log lines for the request carry the trace id. Without an endpoint
// nothing is sent, and a client's traceparent changes nothing.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { graphql, helpQuery } from '../utils/graphql.ts';
import { startHub, type Hub } from '../utils/processes.ts';

interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}

interface OtlpRequest {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: OtlpValue }[] };
    scopeSpans?: { spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes?: { key: string; value: OtlpValue }[] }[] }[];
  }[];
}

const valueOf = (value: OtlpValue): unknown => value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : (value.boolValue ?? value.doubleValue));
const attributesOf = (list: { key: string; value: OtlpValue }[] = []) => Object.fromEntries(list.map(({ key, value }) => [key, valueOf(value)]));
/** OTLP JSON ids are hex; base64 (the protobuf JSON mapping) is read too. */
const hexId = (id: string | undefined) => (!id ? '' : /^[0-9a-f]+$/i.test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex'));

/** A tiny OTLP/HTTP receiver: POST /v1/traces with JSON. */
async function startReceiver() {
  const spans: ReceivedSpan[] = [];
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push(`${request.method} ${request.url} ${request.headers['content-type']}`);
      if (request.method === 'POST' && request.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpRequest;
        for (const resourceSpans of body.resourceSpans ?? []) {
          const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name']);
          for (const scope of resourceSpans.scopeSpans ?? []) {
            for (const span of scope.spans ?? []) {
              spans.push({
                service,
                traceId: hexId(span.traceId),
                spanId: hexId(span.spanId),
                parentSpanId: hexId(span.parentSpanId),
                name: span.name,
                kind: span.kind,
                attributes: attributesOf(span.attributes),
              });
            }
          }
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, spans, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const variables = { crimeType: 'shoplifting', business: { district: 'E07000199', sector: 'RETAIL', size: 'LARGE' } };
/** A client's own trace context, which the gateway (the public edge) does not continue. */
const clientTraceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/** The gateway's JSON log lines. */
const logLines = (output: string) =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, any>);

describe('traces with an OTLP endpoint', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let hub: Hub;

  beforeAll(async () => {
    receiver = await startReceiver();
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200' };
    hub = await startHub('pglite', { ...otel, LOG_LEVEL: 'debug' }, otel);
  });

  afterAll(async () => {
    await hub?.stop();
    await receiver?.close();
  });

  it('makes one trace of a help question, from the gateway through each subgraph to its database', async () => {
    const response = await graphql(hub.gateway.url, helpQuery, variables, { traceparent: clientTraceparent });
    expect(response.errors).toBeUndefined();

    const serverSpan = () => receiver.spans.find((span) => span.service === 'gateway' && span.name === 'graphql Help');
    await vi.waitFor(() => expect(serverSpan()).toBeDefined(), { timeout: 30_000, interval: 100 });
    const root = serverSpan()!;
    expect(root.kind).toBe(2); // SERVER
    expect(root.traceId).not.toBe(clientTraceparent.split('-')[1]);
    expect(root.parentSpanId).toBe('');
    expect(root.attributes).toMatchObject({ 'graphql.operation.name': 'Help', 'graphql.operation.type': 'query', 'hub.caller.kind': 'anonymous', 'http.response.status_code': 200 });
    expect(root.attributes['graphql.document.id']).toMatch(/^[0-9a-f]{64}$/);

    const inTrace = () => receiver.spans.filter((span) => span.traceId === root.traceId);
    const clientSpans = () => inTrace().filter((span) => span.service === 'gateway' && span.name.startsWith('subgraph '));
    // The help question asks all four subgraphs.
    await vi.waitFor(() => expect(new Set(clientSpans().map((span) => span.name)).size).toBe(4), { timeout: 30_000, interval: 100 });
    for (const client of clientSpans()) {
      expect(client.kind).toBe(3); // CLIENT
      expect(client.parentSpanId).toBe(root.spanId);
      expect(client.attributes).toMatchObject({ 'http.response.status_code': 200 });
      expect(['yes', 'no']).toContain(client.attributes['hub.deduplicated']);
      expect(String(client.attributes['url.full'])).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    }

    // Each subgraph's server span is a child of the gateway's client span for it, and its database spans are in the trace.
    const sent = () => clientSpans().filter((span) => span.attributes['hub.deduplicated'] === 'no');
    await vi.waitFor(
      () => {
        for (const client of sent()) {
          const name = client.name.replace('subgraph ', '');
          expect(inTrace().find((span) => span.service === name && span.kind === 2 && span.parentSpanId === client.spanId)).toBeDefined();
        }
        expect(inTrace().filter((span) => span.name.startsWith('db ')).length).toBeGreaterThan(0);
      },
      { timeout: 30_000, interval: 100 },
    );
    const subgraphServers = inTrace().filter((span) => span.kind === 2 && span.service !== 'gateway');
    const db = inTrace().find((span) => span.name.startsWith('db '))!;
    expect(db.attributes).toMatchObject({ 'db.system': 'postgresql' });
    expect(db.attributes['db.operation']).toBe(db.name.replace('db ', ''));
    // Every database span of the trace is a child of its own subgraph's server span for this request.
    for (const query of inTrace().filter((span) => span.name.startsWith('db '))) {
      expect(subgraphServers.find((span) => span.spanId === query.parentSpanId)?.service).toBe(query.service);
    }

    // The gateway's log lines for this request carry its trace id.
    const lines = logLines(hub.gateway.output());
    const requestLines = lines.filter((line) => line.trace_id === root.traceId);
    expect(requestLines.map((line) => line.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
    const reqId = requestLines[0]!.reqId;
    expect(lines.filter((line) => line.reqId === reqId).every((line) => line.trace_id === root.traceId && line.span_id === root.spanId)).toBe(true);
  });
});

describe('traces without an endpoint (the default)', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let hub: Hub;

  beforeAll(async () => {
    receiver = await startReceiver();
    // The receiver is there, but nothing names it: tracing stays off.
    hub = await startHub('pglite', { OTEL_BSP_SCHEDULE_DELAY: '200', LOG_LEVEL: 'debug' }, { OTEL_BSP_SCHEDULE_DELAY: '200' });
  });

  afterAll(async () => {
    await hub?.stop();
    await receiver?.close();
  });

  it('sends nothing, and a client traceparent changes nothing', async () => {
    const response = await graphql(hub.gateway.url, helpQuery, variables, { traceparent: clientTraceparent });
    expect(response.errors).toBeUndefined();
    expect(response.data?.help).toBeTruthy();
    // Stopping flushes whatever a tracer would still hold: still nothing arrives.
    await hub.stop();
    expect(receiver.requests).toEqual([]);
    expect(logLines(hub.gateway.output()).some((line) => 'trace_id' in line)).toBe(false);
  });
});
