import type { Db, Tx } from '../db/client.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';

/** The signed-in person, as services see them. */
export interface SessionUser {
  id: number;
  councilId: number;
  email: string;
  name: string | null;
  role: 'admin' | 'officer' | 'crew' | 'customer' | 'resident';
  customerId: string | null;
}

/** What every service verb receives first: `(ctx, input)`. */
export interface ServiceContext {
  db: Db | Tx;
  clock: Clock;
  /** When set, the verb acts for this council only (scope checked first). */
  councilId?: number;
  user?: SessionUser;
  /** The payment provider (server/services/payments/index.ts); only request verbs use it. */
  payments?: import('./services/payments/provider.ts').Payments;
}

/** What the app is built from; tests build it over a real database with a fixed clock. */
export interface AppDeps {
  db: Db;
  clock: Clock;
  config: Config;
  /** 'postgres' | 'pglite': a few queries (locking) differ in what they can use. */
  dbKind?: 'postgres' | 'pglite';
  /** Prometheus registry to count into; createApp makes its own when absent (server/ops/metrics.ts). */
  metrics?: import('./ops/metrics.ts').Metrics;
  /** postgres.js pool size, reported on /metrics. */
  poolMax?: number;
  /** Payment provider override (tests); otherwise built once from `config` (server/services/payments/index.ts). */
  payments?: import('./services/payments/provider.ts').Payments;
}

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    user?: SessionUser;
    /** Set by the request-id middleware (server/ops/request.ts); echoed as X-Request-Id. */
    requestId?: string;
    /** The page's language, set by page routes (server/middleware/language.ts); English when unset. */
    language?: import('../web/i18n/context.ts').PageLanguage;
  };
};
