import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const optionalUrl = z.url().optional().or(z.literal('').transform(() => undefined));
const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

/** Every setting Fluxworks reads, documented one by one in docs/configuration.md. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().default('data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: bool,

  DATABASE_URL: optionalUrl,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: optionalUrl,
  REDIS_KEY_PREFIX: z.string().default('fw:'),

  S3_ENDPOINT: optionalUrl,
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: bool,
  STUDIO_STORAGE_QUOTA_BYTES: z.coerce.number().int().min(0).default(10 * 1024 ** 3),

  SMTP_URL: optionalUrl,
  MAIL_FROM: z.string().default('Fluxworks <no-reply@fluxworks.local>'),

  JWT_SECRET: z.string().min(32).optional(),
  COOKIE_SECRET: z.string().min(32).optional(),
  STORAGE_SIGNING_SECRET: z.string().min(32).optional(),
  DATA_ENCRYPTION_KEY: z.string().min(32).optional(),

  CORS_ORIGINS: z.string().default(''),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  RATE_LIMIT_GLOBAL_PER_MINUTE: z.coerce.number().int().min(1).default(1000),
  RATE_LIMIT_SIGN_IN_PER_MINUTE: z.coerce.number().int().min(1).default(5),

  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  GITHUB_CLIENT_ID: z.string().optional(),
  GITHUB_CLIENT_SECRET: z.string().optional(),
  OAUTH_GOOGLE_BASE_URL: optionalUrl,
  OAUTH_GITHUB_BASE_URL: optionalUrl,
  OAUTH_GITHUB_API_URL: optionalUrl,

  JOBS_IN_PROCESS: z.enum(['true', 'false', '']).optional(),
  WEBHOOKS_ALLOW_PRIVATE_URLS: bool,
  WEBHOOK_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  SERVE_WEB: z.enum(['true', 'false', '']).optional(),
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
});

export type Env = z.infer<typeof envSchema>;

export interface OAuthProviderConfig {
  clientId: string;
  clientSecret: string;
  /** Overrides the provider's real endpoints; used by tests against a local OAuth 2.0 server. */
  baseUrl?: string;
  apiUrl?: string;
}

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  /** Where a worker process serves its /metrics and /health. */
  workerMetricsPort: number;
  publicUrl: string;
  dataDir: string;
  logLevel: Env['LOG_LEVEL'];
  trustProxy: boolean;
  database: { url?: string; poolSize: number };
  redis: { url?: string; keyPrefix: string };
  s3?: { endpoint?: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string; forcePathStyle: boolean };
  /** Bytes of project files (every version, trash included, uploads in progress) an organisation may keep. */
  storageQuotaBytes: number;
  smtp?: { url: string };
  mailFrom: string;
  /** `dataEncryption` seals secrets kept in the database (TOTP seeds) with AES-256-GCM. */
  secrets: { jwt: string; cookie: string; storageSigning: string; dataEncryption: string };
  corsOrigins: string[];
  bodyLimitBytes: number;
  rateLimits: { globalPerMinute: number; signInPerMinute: number };
  oauth: { google?: OAuthProviderConfig; github?: OAuthProviderConfig };
  /** Whether this process also runs job workers (true unless a separate worker process is used). */
  jobsInProcess: boolean;
  serveWeb: boolean;
  /** Outgoing project webhooks and Slack: private/loopback targets are refused unless allowed; retries double from the delay. */
  webhooks: { allowPrivateUrls: boolean; retryDelaySeconds: number };
  /** The Chromium binary that renders reports (PDF and PNG). */
  chromiumPath: string;
}

export class ConfigError extends Error {}

/** Parses the environment once at boot; invalid settings stop the process with every problem listed. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const port = e.PORT;
  const secrets = resolveSecrets(e, dataDir);
  const config: Config = {
    env: e.NODE_ENV,
    host: e.HOST,
    port,
    workerMetricsPort: e.WORKER_METRICS_PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    dataDir,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE },
    redis: { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX },
    s3: e.S3_BUCKET
      ? {
          endpoint: e.S3_ENDPOINT,
          region: e.S3_REGION,
          bucket: e.S3_BUCKET,
          accessKeyId: required(e.S3_ACCESS_KEY_ID, 'S3_ACCESS_KEY_ID'),
          secretAccessKey: required(e.S3_SECRET_ACCESS_KEY, 'S3_SECRET_ACCESS_KEY'),
          forcePathStyle: e.S3_FORCE_PATH_STYLE,
        }
      : undefined,
    storageQuotaBytes: e.STUDIO_STORAGE_QUOTA_BYTES,
    smtp: e.SMTP_URL ? { url: e.SMTP_URL } : undefined,
    mailFrom: e.MAIL_FROM,
    secrets,
    corsOrigins: e.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    rateLimits: { globalPerMinute: e.RATE_LIMIT_GLOBAL_PER_MINUTE, signInPerMinute: e.RATE_LIMIT_SIGN_IN_PER_MINUTE },
    oauth: {
      google: oauthProvider(e.GOOGLE_CLIENT_ID, e.GOOGLE_CLIENT_SECRET, e.OAUTH_GOOGLE_BASE_URL),
      github: oauthProvider(e.GITHUB_CLIENT_ID, e.GITHUB_CLIENT_SECRET, e.OAUTH_GITHUB_BASE_URL, e.OAUTH_GITHUB_API_URL),
    },
    jobsInProcess: e.JOBS_IN_PROCESS !== 'false',
    serveWeb: e.SERVE_WEB !== 'false',
    webhooks: { allowPrivateUrls: e.WEBHOOKS_ALLOW_PRIVATE_URLS, retryDelaySeconds: e.WEBHOOK_RETRY_DELAY_SECONDS },
    chromiumPath: e.CHROMIUM_PATH,
  };
  return { ...config, ...overrides };
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new ConfigError(`Invalid configuration: ${name} is required when S3_BUCKET is set`);
  return value;
}

function oauthProvider(id?: string, secret?: string, baseUrl?: string, apiUrl?: string): OAuthProviderConfig | undefined {
  if (!id || !secret) return undefined;
  return { clientId: id, clientSecret: secret, baseUrl, apiUrl };
}

const SECRET_VARIABLES = {
  jwt: 'JWT_SECRET',
  cookie: 'COOKIE_SECRET',
  storageSigning: 'STORAGE_SIGNING_SECRET',
  dataEncryption: 'DATA_ENCRYPTION_KEY',
} as const;
type SecretName = keyof typeof SECRET_VARIABLES;

/** Secrets come from the environment; missing ones are generated once into data/secrets.json (mode 0600). */
function resolveSecrets(e: Env, dataDir: string): Config['secrets'] {
  const file = path.join(dataDir, 'secrets.json');
  const names = Object.keys(SECRET_VARIABLES) as SecretName[];
  const missing = names.filter((name) => !e[SECRET_VARIABLES[name]]);
  const stored: Partial<Record<SecretName, string>> =
    missing.length && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<SecretName, string>>) : {};
  const generated: Partial<Record<SecretName, string>> = {};
  for (const name of missing) generated[name] = stored[name] ?? randomBytes(48).toString('base64url');
  if (missing.some((name) => stored[name] !== generated[name])) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(generated, null, 2), { mode: 0o600 });
  }
  const secretOf = (name: SecretName) => e[SECRET_VARIABLES[name]] ?? generated[name]!;
  return { jwt: secretOf('jwt'), cookie: secretOf('cookie'), storageSigning: secretOf('storageSigning'), dataEncryption: secretOf('dataEncryption') };
}
