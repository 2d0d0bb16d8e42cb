/**
 * Picks the payment provider from config (`KERBSIDE_PAYMENTS`), once per app: routes and jobs get
 * it through `ctx.payments`. Tests may put their own in `deps.payments`.
 */
import type { Db } from '../../../db/client.ts';
import type { Config } from '../../config.ts';
import type { AppDeps } from '../../context.ts';
import { govukPayProvider } from './govukpay.ts';
import { invoiceProvider } from './invoice.ts';
import type { Payments } from './provider.ts';
import { sandboxProvider } from './sandbox.ts';

export function paymentsFromConfig(db: Db, config: Config): Payments {
  const publicUrl = config.publicUrl.replace(/\/$/, '');
  switch (config.payments) {
    case 'govukpay':
      if (!config.govukPayApiKey) throw new Error('GOVUK_PAY_API_KEY is required when KERBSIDE_PAYMENTS=govukpay');
      return { publicUrl, provider: govukPayProvider({ apiKey: config.govukPayApiKey, baseUrl: config.govukPayUrl, timeoutMs: config.paymentsTimeoutMs }) };
    case 'invoice':
      return { publicUrl, provider: invoiceProvider() };
    default:
      return { publicUrl, provider: sandboxProvider(db, publicUrl) };
  }
}

const built = new WeakMap<AppDeps, Payments>();

/** The app's payments, built on first use. */
export function paymentsFor(deps: AppDeps): Payments {
  if (deps.payments) return deps.payments;
  let p = built.get(deps);
  if (!p) {
    p = paymentsFromConfig(deps.db, deps.config);
    built.set(deps, p);
  }
  return p;
}
