/**
 * "Your account" (DESIGN.md "Sign-in": residents "see their reports, subscriptions, bookings and
 * alerts in one place"): a small registry of sections. Each capability that holds something of a
 * resident's contributes one builder `(ctx, email) => section`, matched by the verified email the
 * resident signed in with; the page shows the sections in registration order. To add one (garden
 * subscriptions, bulky bookings, container requests, email alerts): write a builder beside the
 * missed-reports one and register it in `sections.ts`, with its title and empty text in your
 * catalogue area. Builders read only; every query is scoped to the resident's council.
 */
import type { ServiceContext } from '../../context.ts';
import type { MessageKey } from '../../../web/i18n/index.ts';

/** One line of a section: what it is, its state and where to see more. Text is data or already translated. */
export interface AccountItem {
  title: string;
  /** A short state in the resident's words ("Crew booked"). */
  status?: string;
  /** Council-local date the item is about (shown in the page's language). */
  date?: string;
  href?: string;
}

export interface AccountSection {
  id: string;
  title: MessageKey;
  /** Shown when `items` is empty. */
  empty: MessageKey;
  items: AccountItem[];
}

/** What a builder is given: the service context (council scoped) and the page's language. */
export type AccountContext = ServiceContext & { councilId: number; lang: 'en' | 'cy' };
export type SectionBuilder = (ctx: AccountContext, email: string) => Promise<AccountSection>;

const builders: Array<{ id: string; build: SectionBuilder }> = [];

/** Adds a section (once per id: registering again replaces it, so a reloaded module does not double it). */
export function registerAccountSection(id: string, build: SectionBuilder): void {
  const at = builders.findIndex((b) => b.id === id);
  if (at >= 0) builders[at] = { id, build };
  else builders.push({ id, build });
}

/** Every registered section for this resident, in order. */
export async function accountSections(ctx: AccountContext, email: string): Promise<AccountSection[]> {
  return Promise.all(builders.map((b) => b.build(ctx, email)));
}
