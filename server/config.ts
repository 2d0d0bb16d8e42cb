import { z } from 'zod';

/** Environment, parsed once at start-up and passed down; never read inside a request. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** postgres:// URL; absent means embedded PGlite. */
  DATABASE_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  /** PostgreSQL connections per app instance. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
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
});

export interface Config {
  port: number;
  databaseUrl?: string;
  databasePoolMax: number;
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
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const e = envSchema.parse(env);
  const port = e.PORT;
  return {
    port,
    databaseUrl: e.DATABASE_URL || undefined,
    databasePoolMax: e.DATABASE_POOL_MAX,
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
  };
}

/** A config for tests: defaults with overrides, no environment read. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ KERBSIDE_DEMO: 'off' }), ...overrides };
}
