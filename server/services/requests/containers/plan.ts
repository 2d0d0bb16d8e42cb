/**
 * When and by whom a container is delivered: on the property's next collection day of the
 * container's service (after today, so the crew has it on its sheet before it sets out), by the
 * round that collects it then. Bank-holiday slips and published exceptions are applied, so the
 * delivery goes out on the day the crew actually passes.
 */
import { addDays, type LocalDate } from '../../../domain/dates.ts';
import type { ServiceContext } from '../../../context.ts';
import { loadPropertySchedule } from '../../schedule.ts';

/** How far ahead a collection day is looked for (a four-weekly round, with room for a winter pause). */
export const PLAN_HORIZON_DAYS = 120;

export interface DeliveryPlan {
  roundId: string;
  date: LocalDate;
}

/** The delivery for `uprn`'s `serviceId` from `today`, or null when the property has no such collection ahead. */
export async function planDelivery(ctx: ServiceContext, uprn: number, serviceId: string, today: LocalDate): Promise<DeliveryPlan | null> {
  const ps = await loadPropertySchedule(ctx, uprn);
  const next = ps
    .collections(addDays(today, 1), addDays(today, PLAN_HORIZON_DAYS), { services: [serviceId] })
    .find((o) => o.date !== null && o.date > today);
  return next?.date ? { roundId: next.round, date: next.date } : null;
}
