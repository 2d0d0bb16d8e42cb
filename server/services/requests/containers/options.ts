/**
 * The containers one property can ask for: the council's list, kept to the services the property is
 * collected for (no garden bin where there is no garden collection), each with its charge, its
 * reasons and whether a request for it is already open.
 */
import type { ServiceContext } from '../../../context.ts';
import type { ContainerReason } from '../../../domain/requests/config.ts';
import { containerName, councilContainers, maxQuantityOf } from '../../../domain/requests/containers.ts';
import { DomainError } from '../../../errors.ts';
import type { Lang } from '../../../../web/i18n/index.ts';
import { loadPropertySchedule, type CouncilRow, type PropertyRow } from '../../schedule.ts';
import { openRequestFor } from './create.ts';

export interface ContainerOption {
  id: string;
  name: string;
  service: string;
  pricePence: number;
  reasons: ContainerReason[];
  maxQuantity: number;
  /** The open request for it, when there is one (a second cannot be made). */
  openReference?: string;
}

export async function containerOptions(ctx: ServiceContext, uprn: number, lang: Lang): Promise<{ council: CouncilRow; property: PropertyRow; options: ContainerOption[] }> {
  const ps = await loadPropertySchedule(ctx, uprn);
  const { council } = ps.schedule;
  const { property } = ps;
  const all = councilContainers(council.requests);
  if (all.length === 0) throw new DomainError('not_served', 'This council does not deliver bins or containers on request.', 422);
  if (property.kind === 'commercial') {
    throw new DomainError('not_domestic', 'Bins for businesses are arranged through a commercial waste contract, not requested here.', 422);
  }
  const collected = new Set(ps.services.map((s) => s.id));
  const options: ContainerOption[] = [];
  for (const c of all.filter((c) => collected.has(c.service))) {
    const openReference = await openRequestFor(ctx.db, council.id, property.uprn, c.id);
    options.push({
      id: c.id, name: containerName(c, lang), service: c.service, pricePence: c.pricePence, reasons: [...c.reasons], maxQuantity: maxQuantityOf(c),
      ...(openReference && { openReference }),
    });
  }
  return { council, property, options };
}
