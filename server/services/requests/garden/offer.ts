/**
 * What the resident pages show before anything is created: the council's garden offer for a
 * property, the year a payment today would buy, its price, and whether the property already has
 * garden waste for that year (`already_subscribed`). Read-only.
 */
import type { ServiceContext } from '../../../context.ts';
import { subscriptionPrice, yearBought, type SubscriptionYear } from '../../../domain/requests/garden.ts';
import type { GardenConfig } from '../../../domain/requests/config.ts';
import type { LocalDate } from '../../../domain/dates.ts';
import { alreadySubscribed, gardenFacts, hasGardenFor } from './facts.ts';

export interface GardenOffer {
  uprn: number;
  address: string;
  council: { name: string; slug: string; languages: Array<'en' | 'cy'> };
  config: GardenConfig;
  today: LocalDate;
  year: SubscriptionYear;
  /** The coming year: the property renews (or starts early) rather than joining the current year. */
  renewal: boolean;
  price(bins: number, concession: boolean): number;
}

/** The offer, or the refusal the API would give (`not_found`, `not_served`, `not_domestic`, `already_subscribed`). */
export async function gardenOffer(ctx: ServiceContext, uprn: number): Promise<GardenOffer> {
  const facts = await gardenFacts(ctx, uprn);
  const year = yearBought(facts.today, facts.config);
  if (await hasGardenFor(ctx, facts, year)) throw alreadySubscribed();
  return {
    uprn: facts.property.uprn,
    address: facts.property.address,
    council: { name: facts.council.name, slug: facts.council.slug, languages: facts.council.languages ?? ['en'] },
    config: facts.config,
    today: facts.today,
    year,
    renewal: year.start > facts.today,
    price: (bins, concession) => subscriptionPrice(facts.config, bins, concession),
  };
}
