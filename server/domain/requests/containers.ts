/**
 * Bin and container requests, as plain rules over the council's settings (DESIGN.md "Requests and
 * payments", `requests.containers`): which container, for which reason, how many, at what charge.
 * No I/O: the service (server/services/requests/containers/) turns a refusal into its DomainError.
 */
import type { ContainerConfig, ContainerReason, RequestsConfig } from './config.ts';
import { CONTAINER_REASONS } from './config.ts';

export type ContainerChoiceRefusal =
  /** The council offers no containers at all. */
  | { code: 'not_served' }
  | { code: 'unknown_container' }
  /** The container exists but not for that reason (e.g. an `extra` black bin). */
  | { code: 'invalid_reason'; allowed: ContainerReason[] }
  | { code: 'too_many_bins'; max: number };

export interface ContainerChoice {
  container: ContainerConfig;
  reason: ContainerReason;
  quantity: number;
  /** What the request costs: the container's price × quantity (0 when free). */
  amountPence: number;
}

/** The council's containers (empty when it offers none). */
export const councilContainers = (requests: RequestsConfig | null | undefined): ContainerConfig[] => requests?.containers ?? [];

export const maxQuantityOf = (c: ContainerConfig): number => c.maxQuantity ?? 1;

export const isContainerReason = (v: unknown): v is ContainerReason =>
  typeof v === 'string' && (CONTAINER_REASONS as readonly string[]).includes(v);

/** Checks one choice against the settings: the choice with its charge, or why not. */
export function checkContainerChoice(
  requests: RequestsConfig | null | undefined,
  input: { container: string; reason: string; quantity: number },
): { ok: true; choice: ContainerChoice } | { ok: false; refusal: ContainerChoiceRefusal } {
  const list = councilContainers(requests);
  if (list.length === 0) return { ok: false, refusal: { code: 'not_served' } };
  const container = list.find((c) => c.id === input.container);
  if (!container) return { ok: false, refusal: { code: 'unknown_container' } };
  if (!isContainerReason(input.reason) || !container.reasons.includes(input.reason)) {
    return { ok: false, refusal: { code: 'invalid_reason', allowed: [...container.reasons] } };
  }
  const max = maxQuantityOf(container);
  if (input.quantity > max) return { ok: false, refusal: { code: 'too_many_bins', max } };
  return { ok: true, choice: { container, reason: input.reason, quantity: input.quantity, amountPence: container.pricePence * input.quantity } };
}

/** A container's name in `lang` (bundle names may be `{ en, cy }`). */
export function containerName(c: Pick<ContainerConfig, 'name'>, lang: 'en' | 'cy'): string {
  const n = c.name;
  if (typeof n === 'string') return n;
  return n[lang] ?? n.en ?? n.cy ?? '';
}

/** What the crew drops off, in words: "240L black wheelie bin × 1". */
export const deliveryItem = (name: string, quantity: number) => `${name} × ${quantity}`;
