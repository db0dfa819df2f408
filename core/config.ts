import { existsSync, readFileSync } from 'node:fs';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import { checkedPattern, invalid, parseKeepPatterns, parseOrigins, uriPassword } from './configValues.js';
import { ConfigError } from './errors.js';
import { parseOtlpHeaders } from './metrics/otlpHeaders.js';

/**
 * Configuration is read once from the environment, validated, typed and frozen.
 * Everything else receives the parts it needs through constructors.
 * Every variable read here is documented in .env.example.
 */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes' || v === 'on');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const num = (min: number, max: number) => z.coerce.number().min(min).max(max);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

/** Public-key algorithms a shop may sign customer assertions with (HS256 uses IDENTITY_HS256_SECRET). */
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'] as const;

/** Countries whose national phone formats the transcript redaction recognises by default. */
export const DEFAULT_PII_PHONE_REGIONS: readonly string[] = ['GB', 'US', 'DE', 'FR'];

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: int(0, 65535).default(3978),
  PUBLIC_URL: optionalString,
  DATA_DIR: z.string().min(1).default('./.data'),
  MONGODB_URI: optionalString,
  MONGODB_CONNECT_TIMEOUT_MS: int(100, 120_000).default(5000),
  DEMO_DATA: bool.default(true),

  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppTenantId: optionalString,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  DIRECTLINE_SECRET: optionalString,
  DIRECTLINE_TOKEN_TTL_S: int(60, 86_400).default(1800),
  MAX_MESSAGE_CHARS: int(1, 1_000_000).default(4000),
  REDACT_PII: bool.default(true),
  HANDOFF_NEGATIVE_TURNS: int(1, 20).default(2),
  HANDOFF_FALLBACK_TURNS: int(1, 20).default(2),
  FLOWS_FILE: optionalString,

  CONSOLE_SESSION_TTL_H: int(1, 720).default(12),
  CONSOLE_SESSION_IDLE_MIN: int(5, 10_080).default(60),
  CONSOLE_COOKIE_SECURE: z.enum(['auto', 'always', 'never']).default('auto'),
  CONSOLE_ADMIN_EMAIL: optionalString,
  CONSOLE_ADMIN_PASSWORD: optionalString,
  CONSOLE_LOGIN_MAX_PER_ACCOUNT: int(1, 1000).default(10),
  CONSOLE_LOGIN_MAX_PER_IP: int(1, 100_000).default(50),
  CONSOLE_LOGIN_WINDOW_S: int(10, 86_400).default(900),

  NLU_ENCODER: z.enum(['use-lite', 'transformers']).default('use-lite'),
  NLU_ENCODER_MODEL: optionalString,
  NLU_ENCODER_POOLING: z.enum(['mean', 'cls', 'none']).default('mean'),
  NLU_ENCODER_DTYPE: z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4']).default('fp32'),
  NLU_ENCODER_WEIGHTS: optionalString,
  NLU_INTENTS_FILE: optionalString,
  NLU_OOS_THRESHOLD: num(0, 1).optional(),
  NLU_SENTIMENT_MODEL: optionalString,
  NLU_SEED: int(0, 2 ** 31 - 1).default(42),
  NLU_LANGUAGES: z
    .string()
    .default('en')
    .transform((value) => value.split(',').map((code) => code.trim().toLowerCase()).filter((code) => code !== ''))
    .pipe(z.array(z.string().regex(/^[a-z]{2}$/, 'ISO 639-1 codes such as en,fr')).min(1)),

  TFJS_BACKEND: z.enum(['auto', 'wasm', 'cpu', 'tensorflow']).default('auto'),
  RECOMMENDER_BACKEND: z.enum(['auto', 'tfjs-gpu', 'tfjs-wasm', 'cpu']).default('auto'),
  RECOMMENDER_MODEL: z.enum(['als', 'ease', 'popularity', 'itemknn']).default('als'),
  RECOMMENDER_FACTORS: int(2, 1024).default(64),
  RECOMMENDER_ITERATIONS: int(1, 200).default(15),
  RECOMMENDER_REGULARIZATION: num(0, 1e6).default(10),
  RECOMMENDER_ALPHA: num(0, 1e6).default(1.25),
  RECOMMENDER_RECENCY_HALF_LIFE_DAYS: num(0, 36_500).default(60),
  RECOMMENDER_WORKERS: int(0, 64).default(0),

  METRICS_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters'),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), 'must be an http(s) URL'),
  OTEL_EXPORTER_OTLP_HEADERS: optionalString.refine((v) => v === undefined || parseOtlpHeaders(v) !== undefined, 'must be key=value pairs separated by commas'),
  OTEL_SERVICE_NAME: z.string().min(1).default('csbot'),
  DEMO_MODE: bool.optional(),
  ALLOW_ANONYMOUS_MESSAGES: bool.optional(),
  ALLOWED_ORIGINS: z.string().default(''),
  FRAME_ANCESTORS: z.string().regex(/^[^;,\r\n]+$/, 'CSP sources separated by spaces').default("'self'"),
  TRUST_PROXY_HOPS: int(0, 10).default(0),
  HTTP_MAX_BODY_BYTES: int(1024, 64 * 1024 * 1024).optional(),
  HTTP_MAX_JSON_DEPTH: int(2, 256).default(32),
  HTTP_REQUEST_TIMEOUT_MS: int(1000, 600_000).default(30_000),
  RATE_LIMIT_WINDOW_S: int(1, 3600).default(60),
  RATE_LIMIT_PER_IP: int(0, 10_000_000).default(1200),
  RATE_LIMIT_PER_TOKEN: int(0, 10_000_000).default(240),
  RATE_LIMIT_TOKENS_PER_IP: int(0, 10_000_000).default(60),
  REDIS_URL: optionalString,
  IDENTITY_ISSUER: optionalString,
  IDENTITY_AUDIENCE: optionalString,
  IDENTITY_HS256_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, 'at least 32 characters'),
  IDENTITY_PUBLIC_KEY_FILE: optionalString,
  IDENTITY_PUBLIC_KEY_ALG: z.enum(ASYMMETRIC_ALGORITHMS).default('RS256'),
  IDENTITY_JWKS_FILE: optionalString,
  IDENTITY_CLOCK_TOLERANCE_S: int(0, 600).default(30),
  IDENTITY_MAX_AGE_S: int(10, 86_400).default(600),
  ORDER_NUMBER_PATTERN: optionalString,
  PII_KEEP_PATTERNS: optionalString,
  PII_PHONE_REGIONS: z.string().regex(/^\s*([A-Za-z]{2}\s*(,\s*[A-Za-z]{2}\s*)*)?$/, 'ISO country codes separated by commas').default(DEFAULT_PII_PHONE_REGIONS.join(',')),
});

export type Env = z.infer<typeof envSchema>;

export interface AppConfig {
  env: Env['NODE_ENV'];
  logLevel: Env['LOG_LEVEL'];
  /** The logger's slice: level and the secret values scrubbed from every log line. */
  logging: { level: Env['LOG_LEVEL']; redactValues: string[] };
  server: { host: string; port: number; publicUrl: string | undefined; maxMessageChars: number };
  storage: {
    dataDir: string;
    mongodbUri: string | undefined;
    mongodbConnectTimeoutMs: number;
    demoData: boolean;
  };
  bot: {
    appId: string | undefined;
    appPassword: string | undefined;
    tenantId: string | undefined;
    appType: Env['MicrosoftAppType'];
    directLineSecret: string | undefined;
    directLineTokenTtlSeconds: number;
    redactPii: boolean;
    handoffNegativeTurns: number;
    handoffFallbackTurns: number;
    flowsFile: string | undefined;
  };
  console: {
    sessionTtlHours: number;
    sessionIdleMinutes: number;
    /** auto: Secure cookies when PUBLIC_URL is https or the request came over TLS. */
    cookieSecure: Env['CONSOLE_COOKIE_SECURE'];
    publicUrl: string | undefined;
    adminEmail: string | undefined;
    adminPassword: string | undefined;
    loginMaxPerAccount: number;
    loginMaxPerIp: number;
    loginWindowSeconds: number;
  };
  nlu: {
    encoder: Env['NLU_ENCODER'];
    encoderModel: string | undefined;
    pooling: Env['NLU_ENCODER_POOLING'];
    dtype: Env['NLU_ENCODER_DTYPE'];
    /** USE-lite only: a folder of fine-tuned weights (npm run nlu -- tune-encoder); unset = the published weights. */
    encoderWeights: string | undefined;
    intentsFile: string | undefined;
    oosThreshold: number | undefined;
    sentimentModel: string | undefined;
    seed: number;
    /** ISO 639-1 codes the intents cover; a message reliably in another language is flagged `unsupported`. */
    languages: readonly string[];
  };
  tfjsBackend: Env['TFJS_BACKEND'];
  security: {
    /** Demo page, demo customer list and demo token endpoint. */
    demoMode: boolean;
    /** /api/messages without MicrosoftAppId (the Emulator's case). */
    allowAnonymousMessages: boolean;
    identity: {
      issuer: string | undefined;
      audience: string | undefined;
      hs256Secret: string | undefined;
      publicKeyFile: string | undefined;
      publicKeyAlgorithm: (typeof ASYMMETRIC_ALGORITHMS)[number];
      jwksFile: string | undefined;
      clockToleranceSeconds: number;
      maxAgeSeconds: number;
    };
    pii: { orderNumberPattern: string | undefined; keepPatterns: string[]; phoneRegions: string[] };
  };
  http: {
    maxBodyBytes: number;
    maxJsonDepth: number;
    requestTimeoutMs: number;
    /** Origins allowed to call the widget's routes (Direct Line, identity); '*' = any. */
    allowedOrigins: string[];
    frameAncestors: string;
    publicUrl: string | undefined;
    trustProxyHops: number;
    rateLimit: { windowSeconds: number; perIp: number; perToken: number; tokensPerIp: number; redisUrl: string | undefined };
  };
  recommender: {
    backend: Env['RECOMMENDER_BACKEND'];
    model: Env['RECOMMENDER_MODEL'];
    factors: number;
    iterations: number;
    regularization: number;
    alpha: number;
    recencyHalfLifeDays: number;
    workers: number;
  };
  /** GET /metrics: a bearer token, or undefined for loopback-only scraping. */
  metrics: { token: string | undefined };
  /** OpenTelemetry trace export; off when endpoint is undefined. */
  tracing: { endpoint: string | undefined; headers: Record<string, string>; serviceName: string };
}

type DeepReadonly<T> = { readonly [K in keyof T]: T[K] extends object ? DeepReadonly<T[K]> : T[K] };
export type Config = DeepReadonly<AppConfig>;

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object' && !Object.isFrozen(child)) deepFreeze(child as object);
  }
  return Object.freeze(value);
}

/**
 * The process environment with the variables of a `.env` file (if present) underneath: a variable set in the real
 * environment always wins over the file. Nothing is written back to process.env.
 */
export function environmentWithDotenv(file = '.env', env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (!existsSync(file)) return env;
  let parsed: Record<string, string>;
  try {
    parsed = parseDotenv(readFileSync(file));
  } catch (error) {
    throw new ConfigError(`Cannot read ${file}`, { cause: error });
  }
  return { ...parsed, ...env };
}

/** Validates an environment (process.env by default) into a frozen Config; a bad value names its variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`, { details: { problems } });
  }
  const e = parsed.data;
  if (e.NLU_ENCODER === 'transformers' && e.NLU_ENCODER_MODEL === undefined) {
    throw new ConfigError('Invalid configuration: NLU_ENCODER_MODEL: required when NLU_ENCODER=transformers');
  }
  if ((e.MicrosoftAppId === undefined) !== (e.MicrosoftAppPassword === undefined) && e.MicrosoftAppType !== 'UserAssignedMSI') {
    throw new ConfigError('Invalid configuration: MicrosoftAppId and MicrosoftAppPassword must be set together');
  }
  const identityKeys = [e.IDENTITY_HS256_SECRET, e.IDENTITY_PUBLIC_KEY_FILE, e.IDENTITY_JWKS_FILE].filter((k) => k !== undefined);
  if (identityKeys.length > 0 && (e.IDENTITY_ISSUER === undefined || e.IDENTITY_AUDIENCE === undefined)) {
    throw invalid('IDENTITY_ISSUER', 'IDENTITY_ISSUER and IDENTITY_AUDIENCE are required when a customer assertion key is set');
  }
  if (e.IDENTITY_PUBLIC_KEY_FILE !== undefined && e.IDENTITY_JWKS_FILE !== undefined) {
    throw invalid('IDENTITY_JWKS_FILE', 'set IDENTITY_PUBLIC_KEY_FILE or IDENTITY_JWKS_FILE, not both');
  }
  const production = e.NODE_ENV === 'production';
  const redactValues = [e.DIRECTLINE_SECRET, e.MicrosoftAppPassword, e.IDENTITY_HS256_SECRET, uriPassword(e.MONGODB_URI), uriPassword(e.REDIS_URL)];
  const config: AppConfig = {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    logging: { level: e.LOG_LEVEL, redactValues: redactValues.filter((v): v is string => v !== undefined && v.length >= 4) },
    server: { host: e.HOST, port: e.PORT, publicUrl: e.PUBLIC_URL, maxMessageChars: e.MAX_MESSAGE_CHARS },
    storage: {
      dataDir: e.DATA_DIR,
      mongodbUri: e.MONGODB_URI,
      mongodbConnectTimeoutMs: e.MONGODB_CONNECT_TIMEOUT_MS,
      demoData: e.DEMO_DATA,
    },
    bot: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      tenantId: e.MicrosoftAppTenantId,
      appType: e.MicrosoftAppType,
      directLineSecret: e.DIRECTLINE_SECRET,
      directLineTokenTtlSeconds: e.DIRECTLINE_TOKEN_TTL_S,
      redactPii: e.REDACT_PII,
      handoffNegativeTurns: e.HANDOFF_NEGATIVE_TURNS,
      handoffFallbackTurns: e.HANDOFF_FALLBACK_TURNS,
      flowsFile: e.FLOWS_FILE,
    },
    console: {
      sessionTtlHours: e.CONSOLE_SESSION_TTL_H,
      sessionIdleMinutes: e.CONSOLE_SESSION_IDLE_MIN,
      cookieSecure: e.CONSOLE_COOKIE_SECURE,
      publicUrl: e.PUBLIC_URL,
      adminEmail: e.CONSOLE_ADMIN_EMAIL,
      adminPassword: e.CONSOLE_ADMIN_PASSWORD,
      loginMaxPerAccount: e.CONSOLE_LOGIN_MAX_PER_ACCOUNT,
      loginMaxPerIp: e.CONSOLE_LOGIN_MAX_PER_IP,
      loginWindowSeconds: e.CONSOLE_LOGIN_WINDOW_S,
    },
    nlu: {
      encoder: e.NLU_ENCODER,
      encoderModel: e.NLU_ENCODER_MODEL,
      pooling: e.NLU_ENCODER_POOLING,
      dtype: e.NLU_ENCODER_DTYPE,
      encoderWeights: e.NLU_ENCODER_WEIGHTS,
      intentsFile: e.NLU_INTENTS_FILE,
      oosThreshold: e.NLU_OOS_THRESHOLD,
      sentimentModel: e.NLU_SENTIMENT_MODEL,
      seed: e.NLU_SEED,
      languages: e.NLU_LANGUAGES,
    },
    security: {
      demoMode: e.DEMO_MODE ?? !production,
      allowAnonymousMessages: e.ALLOW_ANONYMOUS_MESSAGES ?? !production,
      identity: {
        issuer: e.IDENTITY_ISSUER,
        audience: e.IDENTITY_AUDIENCE,
        hs256Secret: e.IDENTITY_HS256_SECRET,
        publicKeyFile: e.IDENTITY_PUBLIC_KEY_FILE,
        publicKeyAlgorithm: e.IDENTITY_PUBLIC_KEY_ALG,
        jwksFile: e.IDENTITY_JWKS_FILE,
        clockToleranceSeconds: e.IDENTITY_CLOCK_TOLERANCE_S,
        maxAgeSeconds: e.IDENTITY_MAX_AGE_S,
      },
      pii: {
        orderNumberPattern: e.ORDER_NUMBER_PATTERN === undefined ? undefined : checkedPattern('ORDER_NUMBER_PATTERN', e.ORDER_NUMBER_PATTERN),
        keepPatterns: parseKeepPatterns(e.PII_KEEP_PATTERNS),
        phoneRegions: e.PII_PHONE_REGIONS.split(',').map((r) => r.trim().toUpperCase()).filter((r) => r !== ''),
      },
    },
    http: {
      // Room for a message of MAX_MESSAGE_CHARS in UTF-8 plus the activity envelope.
      maxBodyBytes: e.HTTP_MAX_BODY_BYTES ?? e.MAX_MESSAGE_CHARS * 4 + 64 * 1024,
      maxJsonDepth: e.HTTP_MAX_JSON_DEPTH,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      allowedOrigins: parseOrigins(e.ALLOWED_ORIGINS),
      frameAncestors: e.FRAME_ANCESTORS.trim().split(/\s+/).map((s) => (s === 'self' || s === 'none' ? `'${s}'` : s)).join(' '),
      publicUrl: e.PUBLIC_URL,
      trustProxyHops: e.TRUST_PROXY_HOPS,
      rateLimit: {
        windowSeconds: e.RATE_LIMIT_WINDOW_S,
        perIp: e.RATE_LIMIT_PER_IP,
        perToken: e.RATE_LIMIT_PER_TOKEN,
        tokensPerIp: e.RATE_LIMIT_TOKENS_PER_IP,
        redisUrl: e.REDIS_URL,
      },
    },
    tfjsBackend: e.TFJS_BACKEND,
    recommender: {
      backend: e.RECOMMENDER_BACKEND,
      model: e.RECOMMENDER_MODEL,
      factors: e.RECOMMENDER_FACTORS,
      iterations: e.RECOMMENDER_ITERATIONS,
      regularization: e.RECOMMENDER_REGULARIZATION,
      alpha: e.RECOMMENDER_ALPHA,
      recencyHalfLifeDays: e.RECOMMENDER_RECENCY_HALF_LIFE_DAYS,
      workers: e.RECOMMENDER_WORKERS,
    },
    metrics: { token: e.METRICS_TOKEN },
    tracing: {
      endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
      headers: e.OTEL_EXPORTER_OTLP_HEADERS === undefined ? {} : (parseOtlpHeaders(e.OTEL_EXPORTER_OTLP_HEADERS) ?? {}),
      serviceName: e.OTEL_SERVICE_NAME,
    },
  };
  return deepFreeze(config);
}
