// OpenTelemetry traces, shared by every process. Off by default: with no OTLP endpoint configured
// nothing is registered, the API's no-op tracer answers every call, and no hook is added.
// On when OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set (standard
// OpenTelemetry names; the exporter reads them itself, and OTEL_BSP_* for its batching): spans are
// batched and sent as OTLP/HTTP JSON. No auto-instrumentation: the hub makes its own spans — a
// server span per HTTP request (tracedRequests), the gateway's client span per subgraph request
// (gateway/src/subgraphFetcher.ts) and a span per database query (tracedAdapter). W3C trace
// context (`traceparent`, `tracestate`) carries a trace from the gateway into each subgraph. Every
// log line of a request carries `trace_id` and `span_id` (tracingLoggerOptions, tracedRequests).
import type { IncomingMessage } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface TracingConfig {
  /** True when an OTLP endpoint is configured. */
  enabled: boolean;
  /** `OTEL_SERVICE_NAME`, else the process's own name (gateway, police, support, cyber, victims, web). */
  serviceName: string;
  /** Where spans go: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (as it is) or `OTEL_EXPORTER_OTLP_ENDPOINT` (+ `/v1/traces`). */
  endpoint?: string;
}

/** Reads the standard OpenTelemetry variables; tracing is off unless an endpoint is set. */
export function readTracingConfig(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): TracingConfig {
  const value = (name: string) => {
    const raw = env[name]?.trim();
    return raw ? raw : undefined;
  };
  const tracesEndpoint = value('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const baseEndpoint = value('OTEL_EXPORTER_OTLP_ENDPOINT');
  const endpoint = tracesEndpoint ?? (baseEndpoint ? `${baseEndpoint.replace(/\/+$/, '')}/v1/traces` : undefined);
  const disabled = value('OTEL_SDK_DISABLED')?.toLowerCase() === 'true' || value('OTEL_TRACES_EXPORTER')?.toLowerCase() === 'none';
  for (const url of [endpoint].filter((one): one is string => one !== undefined)) {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw new Error(`OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http(s) URL, not "${url}"`);
    }
  }
  return { enabled: endpoint !== undefined && !disabled, serviceName: value('OTEL_SERVICE_NAME') ?? defaultServiceName, endpoint };
}

let provider: BasicTracerProvider | undefined;

/**
 * Starts tracing for this process when configured (once; later calls return the same answer).
 * Returns the configuration read.
 */
export function startTracing(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): TracingConfig {
  const config = readTracingConfig(defaultServiceName, env);
  if (!config.enabled || provider) return config;
  provider = new BasicTracerProvider({
    resource: new Resource({ [ATTR_SERVICE_NAME]: config.serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.endpoint }))],
  });
  provider.register({ contextManager: new AsyncLocalStorageContextManager(), propagator: new W3CTraceContextPropagator() });
  return config;
}

/** Sends the spans still waiting and stops tracing (at shutdown); nothing when tracing is off. */
export async function stopTracing(): Promise<void> {
  const stopping = provider;
  provider = undefined;
  await stopping?.shutdown().catch(() => {});
}

/** True when this process sends traces. */
export function tracingEnabled(): boolean {
  return provider !== undefined;
}

/** The hub's tracer: the no-op tracer when tracing is off. */
export function hubTracer(): Tracer {
  return trace.getTracer('business-crime-hub');
}

/** `trace_id` and `span_id` of a span, as log fields. */
function logFields(span: Span): { trace_id: string; span_id: string } {
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/**
 * Pino options for a process's logger: when tracing is on, a line logged while a span is active
 * carries its `trace_id` and `span_id` (unless the logger is a request's, which has them already).
 */
export function tracingLoggerOptions(): { mixin?: (merge: object, level: number, logger: { bindings(): Record<string, unknown> }) => object } {
  if (!tracingEnabled()) return {};
  return {
    mixin(_merge, _level, logger) {
      const span = trace.getActiveSpan();
      if (!span || 'trace_id' in logger.bindings()) return {};
      return logFields(span);
    },
  };
}

export interface TracedRequestsOptions {
  /**
   * Whether an incoming `traceparent` continues its trace (subgraphs: the gateway sends it); the
   * gateway, the public edge, starts a trace of its own for every request.
   */
  continueIncomingTrace: boolean;
  /** Attributes for every server span. */
  attributes?: Attributes;
}

const requestSpans = new WeakMap<IncomingMessage, Span>();

/** The server span of a request, when tracing is on. */
export function requestSpan(request: FastifyRequest): Span | undefined {
  return requestSpans.get(request.raw);
}

/**
 * A server span for every HTTP request `app` answers (named `METHOD /path`; the gateway renames
 * its GraphQL ones), active while the handler runs so that the spans and log lines made for the
 * request belong to it; the request's log lines carry `trace_id` and `span_id`. Call it after any
 * other setChildLoggerFactory, which it wraps. Ended when the
 * answer is sent (or the client goes away), with the HTTP status. Nothing when tracing is off.
 */
export function tracedRequests(app: FastifyInstance, options: TracedRequestsOptions): void {
  if (!tracingEnabled()) return;
  const tracer = hubTracer();
  // Composes with a request logger already set (the gateway's, which keeps request data out of logs).
  const previous = app.childLoggerFactory;
  app.setChildLoggerFactory(function (logger, bindings, childOptions, raw) {
    const parent: Context = options.continueIncomingTrace ? propagation.extract(ROOT_CONTEXT, raw.headers) : ROOT_CONTEXT;
    const path = (raw.url ?? '/').split('?')[0];
    const span = tracer.startSpan(
      `${raw.method ?? 'GET'} ${path}`,
      { kind: SpanKind.SERVER, attributes: { ...options.attributes, 'http.request.method': raw.method ?? 'GET', 'url.path': path } },
      parent,
    );
    requestSpans.set(raw, span);
    return previous.call(this, logger, { ...bindings, ...logFields(span) }, childOptions, raw);
  });
  // After the body is read: the handler (and the hooks after this one) run with the span active.
  app.addHook('preHandler', (request, _reply, done) => {
    const span = requestSpans.get(request.raw);
    if (!span) return done();
    context.with(trace.setSpan(context.active(), span), done);
  });
  app.addHook('onResponse', async (request, reply) => {
    const span = requestSpans.get(request.raw);
    if (!span) return;
    span.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  app.addHook('onRequestAbort', async (request) => {
    const span = requestSpans.get(request.raw);
    span?.setStatus({ code: SpanStatusCode.ERROR, message: 'the client closed the connection' });
    span?.end();
  });
}

/** Puts the active trace context (`traceparent`, `tracestate`) on outgoing headers; nothing when tracing is off. */
export function injectTraceContext(headers: { set(name: string, value: string): void }, from: Context = context.active()): void {
  propagation.inject(from, headers, { set: (carrier, name, value) => carrier.set(name, value) });
}

/** The trace context (`traceparent`, `tracestate`) on headers, as a parent for a span; the root context when there is none or tracing is off. */
export function extractTraceContext(headers: { get(name: string): string | null }): Context {
  return propagation.extract(ROOT_CONTEXT, headers, { get: (carrier, name) => carrier.get(name) ?? undefined, keys: () => ['traceparent', 'tracestate'] });
}

/** A context whose active span is `span`. */
export function contextWithSpan(span: Span): Context {
  return trace.setSpan(ROOT_CONTEXT, span);
}

/** The first word of an SQL statement, as `db.operation` (`SELECT`, `INSERT`, …). */
export function sqlOperation(sql: string): string {
  const match = /^\s*(?:--[^\n]*\n\s*)*([A-Za-z]+)/.exec(sql);
  return match?.[1] ? match[1].toUpperCase() : 'QUERY';
}

/** The table a simple statement reads or writes (`FROM "police"."Force"` → `Force`), as the model. */
export function sqlModel(sql: string): string | undefined {
  const match = /\b(?:FROM|INTO|UPDATE)\s+((?:"[^"]+"|\w+)(?:\.(?:"[^"]+"|\w+))?)/i.exec(sql);
  const last = match?.[1]?.split('.').pop();
  return last?.replace(/"/g, '');
}

/**
 * Runs one database call in a `db <operation>` client span (db.system postgresql, db.operation,
 * the model when the statement names one); straight through when tracing is off or no request's
 * span is active (start-up, migrations).
 */
export function traceQuery<T>(sql: string, run: () => Promise<T>): Promise<T> {
  if (!tracingEnabled() || !trace.getActiveSpan()) return run();
  const operation = sqlOperation(sql);
  const model = sqlModel(sql);
  return hubTracer().startActiveSpan(
    `db ${operation}`,
    { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql', 'db.operation': operation, ...(model ? { 'db.sql.table': model, model } : {}) } },
    async (span) => {
      try {
        return await run();
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
