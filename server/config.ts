import { z } from 'zod';

/** Environment, parsed once at start-up and passed down; never read inside a request. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** postgres:// URL; absent means embedded PGlite. */
  DATABASE_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  KERBSIDE_DATA_DIR: z.string().default('./data/pglite'),
  /** Fixes the clock (ISO 8601 instant with offset), for tests and demos. */
  KERBSIDE_NOW: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || !Number.isNaN(Date.parse(v)), 'KERBSIDE_NOW must be an ISO 8601 instant'),
  /** Seed the demo council into an empty database unless "off". */
  KERBSIDE_DEMO: z.enum(['on', 'off']).default('on'),
  /** Public writes per minute per client IP; 0 turns the limit off. */
  KERBSIDE_RATE_LIMIT: z.coerce.number().int().min(0).default(20),
  /** Comma-separated proxy addresses whose X-Forwarded-For is trusted. */
  KERBSIDE_TRUSTED_PROXIES: z.string().default(''),
  /** Base URL the public sees (calendar links, UIDs' host). */
  PUBLIC_URL: z.string().url().optional(),
  TILE_URL: z.string().default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  TILE_ATTRIBUTION: z.string().default('© OpenStreetMap contributors'),
  /** smtp://user:pass@host:port to send email; absent: messages are logged. */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Kerbside <no-reply@kerbside.invalid>'),
  /** GOV.UK Notify API key (`{name}-{service id}-{secret}`); when set, mail goes through Notify. */
  NOTIFY_API_KEY: z.string().optional(),
  /** The Notify email template whose subject is ((subject)) and body ((body)) (docs/alerts.md). */
  NOTIFY_TEMPLATE_ID: z.string().optional(),
  NOTIFY_URL: z.string().url().default('https://api.notifications.service.gov.uk'),
  /** Longest one send may take (SMTP or Notify) before it fails and is retried, in ms. */
  KERBSIDE_MAIL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** How often the alerts job looks for due reminders and changes (seconds). */
  KERBSIDE_ALERTS_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Optional address for the `mailto:` half of List-Unsubscribe on alert emails. */
  KERBSIDE_UNSUBSCRIBE_MAILTO: z.string().email().optional().or(z.literal('').transform(() => undefined)),
  /** Bearer token required by GET /metrics; absent: /metrics is open. */
  KERBSIDE_METRICS_TOKEN: z.string().optional(),
  /** Access and info log lines: "info" (JSON lines on stdout) or "off"; errors are always logged. */
  KERBSIDE_LOG: z.enum(['info', 'off']).default('info'),
  /** PostgreSQL connections per instance. */
  KERBSIDE_DB_POOL: z.coerce.number().int().min(1).max(500).default(10),
  /** Give up connecting to PostgreSQL after this many seconds (then 503). */
  KERBSIDE_DB_CONNECT_TIMEOUT: z.coerce.number().int().min(1).max(60).default(3),
  /** PostgreSQL statement_timeout for the server's queries, in ms; 0 turns it off. */
  KERBSIDE_DB_STATEMENT_TIMEOUT: z.coerce.number().int().min(0).default(4000),
  /**
   * Lets the demo council's officers sign in through a local OpenID Connect provider at this issuer
   * (`npm run oidc-dev` starts one); its client secret is read from KERBSIDE_DEMO_OIDC_SECRET.
   */
  KERBSIDE_DEMO_OIDC_ISSUER: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  /** "1" lets webhook endpoints use http:// and private or loopback addresses (development, tests). */
  KERBSIDE_WEBHOOK_ALLOW_PRIVATE: z.enum(['0', '1', '']).default('0'),
  /** Seconds SIGTERM waits for requests in flight before closing. */
  KERBSIDE_DRAIN_SECONDS: z.coerce.number().min(0).max(600).default(10),
  /** Who takes payments for resident requests (docs/requests.md): Kerbside's own test-card page, GOV.UK Pay, or officers marking invoices paid. */
  KERBSIDE_PAYMENTS: z.enum(['sandbox', 'govukpay', 'invoice']).default('sandbox'),
  /** GOV.UK Pay API key (required when KERBSIDE_PAYMENTS=govukpay). */
  GOVUK_PAY_API_KEY: z.string().optional(),
  GOVUK_PAY_URL: z.string().url().default('https://publicapi.payments.service.gov.uk'),
  /** Give up on one call to the payment provider after this many ms (then 503 payment_unavailable). */
  KERBSIDE_PAYMENTS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(8000),
}).refine((e) => e.KERBSIDE_PAYMENTS !== 'govukpay' || !!e.GOVUK_PAY_API_KEY, {
  message: 'GOVUK_PAY_API_KEY is required when KERBSIDE_PAYMENTS=govukpay', path: ['GOVUK_PAY_API_KEY'],
});

export interface Config {
  port: number;
  databaseUrl?: string;
  dataDir: string;
  now?: string;
  demo: boolean;
  rateLimitPerMinute: number;
  trustedProxies: string[];
  publicUrl: string;
  tileUrl: string;
  tileAttribution: string;
  smtpUrl?: string;
  mailFrom: string;
  notifyApiKey?: string;
  notifyTemplateId?: string;
  notifyUrl: string;
  mailTimeoutMs: number;
  unsubscribeMailto?: string;
  alertsIntervalSeconds: number;
  metricsToken?: string;
  log: 'info' | 'off';
  dbPool: number;
  dbConnectTimeoutSeconds: number;
  dbStatementTimeoutMs: number;
  drainSeconds: number;
  demoOidcIssuer?: string;
  /** KERBSIDE_WEBHOOK_ALLOW_PRIVATE=1: webhook URLs may be http:// and private or loopback addresses. */
  webhookAllowPrivate: boolean;
  payments: 'sandbox' | 'govukpay' | 'invoice';
  govukPayApiKey?: string;
  govukPayUrl: string;
  paymentsTimeoutMs: number;
  /** Reads a named secret (an OpenID Connect client secret's `clientSecretEnv`) from the environment captured at start-up. */
  secret: (name: string) => string | undefined;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const e = envSchema.parse(env);
  if (e.NOTIFY_API_KEY && !e.NOTIFY_TEMPLATE_ID) throw new Error('NOTIFY_API_KEY needs NOTIFY_TEMPLATE_ID (docs/alerts.md)');
  const port = e.PORT;
  return {
    port,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: e.KERBSIDE_DATA_DIR,
    now: e.KERBSIDE_NOW || undefined,
    demo: e.KERBSIDE_DEMO === 'on',
    rateLimitPerMinute: e.KERBSIDE_RATE_LIMIT,
    trustedProxies: e.KERBSIDE_TRUSTED_PROXIES.split(',').map((s) => s.trim()).filter(Boolean),
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    tileUrl: e.TILE_URL,
    tileAttribution: e.TILE_ATTRIBUTION,
    smtpUrl: e.SMTP_URL || undefined,
    mailFrom: e.MAIL_FROM,
    notifyApiKey: e.NOTIFY_API_KEY || undefined,
    notifyTemplateId: e.NOTIFY_TEMPLATE_ID || undefined,
    notifyUrl: e.NOTIFY_URL.replace(/\/$/, ''),
    mailTimeoutMs: e.KERBSIDE_MAIL_TIMEOUT_MS,
    unsubscribeMailto: e.KERBSIDE_UNSUBSCRIBE_MAILTO || undefined,
    alertsIntervalSeconds: e.KERBSIDE_ALERTS_INTERVAL_SECONDS,
    metricsToken: e.KERBSIDE_METRICS_TOKEN || undefined,
    log: e.KERBSIDE_LOG,
    dbPool: e.KERBSIDE_DB_POOL,
    dbConnectTimeoutSeconds: e.KERBSIDE_DB_CONNECT_TIMEOUT,
    dbStatementTimeoutMs: e.KERBSIDE_DB_STATEMENT_TIMEOUT,
    drainSeconds: e.KERBSIDE_DRAIN_SECONDS,
    demoOidcIssuer: e.KERBSIDE_DEMO_OIDC_ISSUER || undefined,
    webhookAllowPrivate: e.KERBSIDE_WEBHOOK_ALLOW_PRIVATE === '1',
    payments: e.KERBSIDE_PAYMENTS,
    govukPayApiKey: e.GOVUK_PAY_API_KEY || undefined,
    govukPayUrl: e.GOVUK_PAY_URL.replace(/\/$/, ''),
    paymentsTimeoutMs: e.KERBSIDE_PAYMENTS_TIMEOUT_MS,
    secret: (name) => env[name] || undefined,
  };
}

/** A config for tests: defaults with overrides, no environment read. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ KERBSIDE_DEMO: 'off' }), ...overrides };
}
