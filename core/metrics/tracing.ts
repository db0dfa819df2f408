import type * as OtelApi from '@opentelemetry/api';
import type * as OtelContextManager from '@opentelemetry/context-async-hooks';
import type * as OtelExporter from '@opentelemetry/exporter-trace-otlp-http';
import type * as OtelResources from '@opentelemetry/resources';
import type * as OtelSdkTrace from '@opentelemetry/sdk-trace';
import type { Logger } from '../logger.js';

/** OpenTelemetry trace export. Off unless an OTLP endpoint is configured. */
export interface TracingConfig {
  /** OTLP/HTTP base URL (OTEL_EXPORTER_OTLP_ENDPOINT); spans go to `<endpoint>/v1/traces`. */
  endpoint: string | undefined;
  /** Extra request headers for the collector (OTEL_EXPORTER_OTLP_HEADERS, `key=value,key2=value2`). */
  headers: Readonly<Record<string, string>>;
  serviceName: string;
}

export interface Tracing {
  readonly enabled: boolean;
  /** Exports the spans still buffered and stops; call on shutdown. */
  shutdown(): Promise<void>;
}

/** The OpenTelemetry SDK packages, loaded only when tracing is on (they are optional dependencies). */
export interface OtelSdk {
  sdkTrace: typeof OtelSdkTrace;
  exporter: typeof OtelExporter;
  contextManager: typeof OtelContextManager;
  resources: typeof OtelResources;
  api: typeof OtelApi;
}

export async function loadOtelSdk(): Promise<OtelSdk> {
  const [sdkTrace, exporter, contextManager, resources, api] = await Promise.all([
    import('@opentelemetry/sdk-trace'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/api'),
  ]);
  return { sdkTrace, exporter, contextManager, resources, api };
}

const TRACING_OFF: Tracing = Object.freeze({ enabled: false, shutdown: async () => undefined });

/**
 * Registers a global tracer provider that batches spans to the OTLP endpoint, so that
 * `trace.getTracer('csbot')` (from @opentelemetry/api) records real spans; without an endpoint, or when the
 * optional SDK packages are not installed, the API's tracers stay no-ops and the log says which case holds.
 */
export async function startTracing(config: TracingConfig, logger: Logger, load: () => Promise<OtelSdk> = loadOtelSdk): Promise<Tracing> {
  if (config.endpoint === undefined) {
    logger.info('tracing off: set OTEL_EXPORTER_OTLP_ENDPOINT to export OpenTelemetry traces');
    return TRACING_OFF;
  }
  let sdk: OtelSdk;
  try {
    sdk = await load();
  } catch (error) {
    logger.warn(
      { err: error },
      'tracing off: OTEL_EXPORTER_OTLP_ENDPOINT is set but the optional OpenTelemetry packages are not installed (npm install without --omit=optional)',
    );
    return TRACING_OFF;
  }
  const url = `${config.endpoint.replace(/\/+$/, '')}/v1/traces`;
  const exporter = new sdk.exporter.OTLPTraceExporter({ url, headers: { ...config.headers } });
  const provider = new sdk.sdkTrace.TracerProvider({
    resource: sdk.resources.resourceFromAttributes({ 'service.name': config.serviceName }),
    spanProcessors: [new sdk.sdkTrace.BatchSpanProcessor({ exporter })],
  });
  const contextManager = new sdk.contextManager.AsyncLocalStorageContextManager().enable();
  sdk.api.context.setGlobalContextManager(contextManager);
  sdk.api.trace.setGlobalTracerProvider(provider);
  logger.info({ url, serviceName: config.serviceName }, 'tracing on: exporting OpenTelemetry spans over OTLP/HTTP');
  return {
    enabled: true,
    shutdown: async () => {
      await provider.shutdown();
      sdk.api.trace.disable();
      sdk.api.context.disable();
    },
  };
}
