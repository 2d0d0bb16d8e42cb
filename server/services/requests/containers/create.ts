/**
 * Asking for a bin or container (DESIGN.md "Requests and payments"):
 * `quoteContainerRequest` checks everything without writing (the pages' "check your answers" uses
 * it), `createContainerRequest` checks again and makes the request through the shared lifecycle
 * (a payment when it costs something; active at once when free).
 *
 * Refusals, in this order: `404 not_found` (no such property), `422 not_served` (the council offers
 * no containers), `422 not_domestic` (a commercial property), `422 unknown_container`,
 * `422 invalid_reason` (a reason that container is not given for), `422 too_many_bins` (more than
 * its `maxQuantity`), `422 not_collected` (the property has no collection of the container's
 * service to deliver it with), `409 request_open` (one is already open for that container; its
 * `reference` is given).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { containerRequests, residentRequests } from '../../../../db/schema/index.ts';
import type { Tx } from '../../../../db/client.ts';
import type { ServiceContext } from '../../../context.ts';
import { checkContainerChoice, containerName, councilContainers, type ContainerChoice } from '../../../domain/requests/containers.ts';
import { DomainError } from '../../../errors.ts';
import { isLang, type Lang } from '../../../../web/i18n/index.ts';
import { councilToday, getCouncil, getProperty, type CouncilRow, type PropertyRow } from '../../schedule.ts';
import { insertRequest, submitRequest, type RequestChannel } from '../lifecycle.ts';

export type { RequestChannel };
import type { RequestRow } from '../kinds.ts';
import { planDelivery, type DeliveryPlan } from './plan.ts';

export interface ContainerChoiceInput {
  uprn: number;
  container: string;
  reason: string;
  quantity: number;
}

export interface ContainerRequestInput extends ContainerChoiceInput {
  name: string;
  email: string;
  phone?: string | null;
  /** The resident's language (their emails and pages); the council's first language when not given. */
  language?: Lang;
  channel: RequestChannel;
}

export interface ContainerQuote {
  council: CouncilRow;
  property: PropertyRow;
  choice: ContainerChoice;
  /** When it would be delivered if paid today (the real plan is made when it becomes active). */
  plan: DeliveryPlan;
}

const MESSAGES: Record<string, (x: { container?: string; max?: number }) => string> = {
  not_served: () => 'This council does not deliver bins or containers on request.',
  not_domestic: () => 'Bins for businesses are arranged through a commercial waste contract, not requested here.',
  unknown_container: () => 'That is not one of the containers this council offers.',
  invalid_reason: (x) => `A ${x.container} cannot be requested for that reason.`,
  too_many_bins: (x) => `At most ${x.max} can be requested at once.`,
  not_collected: (x) => `This property has no collection to deliver a ${x.container} with.`,
};

const refuse = (code: keyof typeof MESSAGES, x: { container?: string; max?: number } = {}, details?: Record<string, unknown>) =>
  new DomainError(code, MESSAGES[code](x), 422, details);

export const requestOpen = (reference: string | undefined) =>
  new DomainError('request_open', 'A request for this container at this property is already open.', 409, reference ? { reference } : undefined);

/**
 * The reference of the open request for (property, container), if any. A pending one whose hold has
 * run out no longer counts (the expiry job may not have reached it yet); payment holds run on real
 * elapsed time (DESIGN.md "Clock"), hence the database's `now()`.
 */
export async function openRequestFor(db: ServiceContext['db'], councilId: number, uprn: number, containerId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ reference: residentRequests.reference })
    .from(containerRequests)
    .innerJoin(residentRequests, eq(residentRequests.id, containerRequests.requestId))
    .where(and(
      eq(containerRequests.councilId, councilId), eq(containerRequests.uprn, uprn), eq(containerRequests.containerId, containerId),
      eq(containerRequests.open, true),
      sql`not (${residentRequests.status} = 'pending_payment' and ${residentRequests.holdUntil} is not null and ${residentRequests.holdUntil} < now())`,
    ));
  return row?.reference;
}

/** Frees slots still marked open by requests that are no longer open (a pending one past its hold). */
async function releaseStale(tx: Tx, councilId: number, uprn: number, containerId: string) {
  const stale = tx
    .select({ id: residentRequests.id })
    .from(residentRequests)
    .where(and(
      eq(residentRequests.councilId, councilId), eq(residentRequests.uprn, uprn), eq(residentRequests.kind, 'container_request'),
      sql`(${residentRequests.status} in ('expired', 'cancelled', 'completed') or (${residentRequests.status} = 'pending_payment' and ${residentRequests.holdUntil} < now()))`,
    ));
  await tx.update(containerRequests).set({ open: false }).where(and(
    eq(containerRequests.councilId, councilId), eq(containerRequests.uprn, uprn), eq(containerRequests.containerId, containerId),
    eq(containerRequests.open, true), inArray(containerRequests.requestId, stale),
  ));
}

/** Every check, nothing written. `ctx.councilId`, when set (Open311, officers), limits it to that council's properties. */
export async function quoteContainerRequest(ctx: ServiceContext, input: ContainerChoiceInput, lang: Lang = 'en'): Promise<ContainerQuote> {
  const property = await getProperty(ctx, input.uprn);
  const council = await getCouncil(ctx, property.councilId);
  if (councilContainers(council.requests).length === 0) throw refuse('not_served');
  if (property.kind === 'commercial') throw refuse('not_domestic');
  const checked = checkContainerChoice(council.requests, input);
  if (!checked.ok) {
    const r = checked.refusal;
    const named = council.requests.containers?.find((c) => c.id === input.container);
    const container = named ? containerName(named, lang) : input.container;
    if (r.code === 'invalid_reason') throw refuse('invalid_reason', { container }, { allowed: r.allowed });
    if (r.code === 'too_many_bins') throw refuse('too_many_bins', { max: r.max }, { max: r.max });
    throw refuse(r.code);
  }
  const { choice } = checked;
  const plan = await planDelivery(ctx, property.uprn, choice.container.service, councilToday(ctx, council));
  if (!plan) throw refuse('not_collected', { container: containerName(choice.container, lang) });
  const open = await openRequestFor(ctx.db, council.id, property.uprn, choice.container.id);
  if (open) throw requestOpen(open);
  return { council, property, choice, plan };
}

export interface CreatedContainerRequest {
  request: RequestRow;
  payment: { nextUrl: string | null };
}

export async function createContainerRequest(ctx: ServiceContext, input: ContainerRequestInput): Promise<CreatedContainerRequest> {
  const { council, property, choice } = await quoteContainerRequest(ctx, input, input.language);
  const language = input.language ?? (council.languages ?? []).find(isLang) ?? 'en';
  const result = await submitRequest({ ...ctx, councilId: council.id }, async (tx) => {
    await releaseStale(tx, council.id, property.uprn, choice.container.id);
    const request = await insertRequest(tx, ctx, {
      councilId: council.id, kind: 'container_request', uprn: property.uprn, amountPence: choice.amountPence,
      name: input.name, email: input.email, phone: input.phone ?? null, language, channel: input.channel,
    });
    // The race-proof part: the partial unique index lets one open request per (property, container) in.
    const taken = await tx
      .insert(containerRequests)
      .values({
        requestId: request.id, councilId: council.id, uprn: property.uprn, containerId: choice.container.id,
        serviceId: choice.container.service, reason: choice.reason, quantity: choice.quantity, open: true,
      })
      .onConflictDoNothing({ target: [containerRequests.councilId, containerRequests.uprn, containerRequests.containerId], where: sql`"open"` })
      .returning({ id: containerRequests.requestId });
    if (taken.length === 0) throw requestOpen(await openRequestFor(tx, council.id, property.uprn, choice.container.id));
    return request;
  });
  return { request: result.request, payment: { nextUrl: result.payment?.nextUrl ?? null } };
}
