/** Bin and container request rules (server/domain/requests/containers.ts) and the Open311 items reader. */
import { expect, test } from 'bun:test';
import { checkContainerChoice, containerName, deliveryItem } from '../../server/domain/requests/containers.ts';
import { requestsSchema } from '../../server/domain/requests/config.ts';
import { parseItems } from '../../server/services/open311-request-kinds.ts';

const requests = requestsSchema.parse({
  containers: [
    { id: 'refuse-240', service: 'refuse', name: { en: '240L black wheelie bin', cy: 'Bin olwynion du 240L' }, pricePence: 2500, reasons: ['damaged', 'stolen'] },
    { id: 'caddy', service: 'food', name: 'Food caddy', pricePence: 300, reasons: ['extra'], maxQuantity: 3 },
  ],
});

test('a choice is priced per container; refusals name what is allowed', () => {
  expect(checkContainerChoice(requests, { container: 'caddy', reason: 'extra', quantity: 3 })).toMatchObject({ ok: true, choice: { amountPence: 900, quantity: 3 } });
  expect(checkContainerChoice(requests, { container: 'refuse-240', reason: 'damaged', quantity: 1 })).toMatchObject({ ok: true, choice: { amountPence: 2500 } });
  expect(checkContainerChoice({}, { container: 'caddy', reason: 'extra', quantity: 1 })).toEqual({ ok: false, refusal: { code: 'not_served' } });
  expect(checkContainerChoice(requests, { container: 'skip', reason: 'extra', quantity: 1 })).toEqual({ ok: false, refusal: { code: 'unknown_container' } });
  expect(checkContainerChoice(requests, { container: 'refuse-240', reason: 'extra', quantity: 1 }))
    .toEqual({ ok: false, refusal: { code: 'invalid_reason', allowed: ['damaged', 'stolen'] } });
  expect(checkContainerChoice(requests, { container: 'refuse-240', reason: 'damaged', quantity: 2 })).toEqual({ ok: false, refusal: { code: 'too_many_bins', max: 1 } });
});

test('names in each language; what the crew drops off', () => {
  expect(containerName(requests.containers![0], 'cy')).toBe('Bin olwynion du 240L');
  expect(containerName(requests.containers![1], 'cy')).toBe('Food caddy');
  expect(deliveryItem('240L black wheelie bin', 1)).toBe('240L black wheelie bin × 1');
});

test('Open311 bulky items: "id:qty" lists, bare ids are one, repeats add up; anything else is refused', () => {
  expect(parseItems('sofa:1, fridge:2')).toEqual([{ id: 'sofa', quantity: 1 }, { id: 'fridge', quantity: 2 }]);
  expect(parseItems('sofa,sofa:2,table')).toEqual([{ id: 'sofa', quantity: 3 }, { id: 'table', quantity: 1 }]);
  expect(parseItems('')).toBeNull();
  expect(parseItems('sofa:0')).toBeNull();
  expect(parseItems('<b>sofa</b>')).toBeNull();
});
