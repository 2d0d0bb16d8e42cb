/**
 * `container-request` over Open311: attributes `container` (the council's list), `reason` and
 * `quantity` (default 1), then the same `createContainerRequest` the JSON API calls, so every
 * rule and code is the same (refusals become 400 with the code first in the description).
 */
import { CONTAINER_REASONS, type ContainerReason } from '../../../domain/requests/config.ts';
import { containerName, councilContainers, maxQuantityOf } from '../../../domain/requests/containers.ts';
import { formatPence } from '../lifecycle.ts';
import { badAttribute, type Open311RequestAdapter } from '../../open311-requests.ts';
import { translate, type MessageKey } from '../../../../web/i18n/index.ts';
import { createContainerRequest } from './create.ts';

export const containerOpen311: Open311RequestAdapter = {
  code: 'container-request',
  kind: 'container_request',
  offered: (requests) => councilContainers(requests).length > 0,
  attributes(council, lang) {
    const list = councilContainers(council.requests);
    const reasons = CONTAINER_REASONS.filter((r) => list.some((c) => c.reasons.includes(r)));
    return [
      {
        variable: true, code: 'container', datatype: 'singlevaluelist', required: true, order: 2,
        datatype_description: 'One of the listed containers (its charge in brackets).',
        description: translate(lang, 'containers.row_container'),
        values: list.map((c) => ({
          key: c.id,
          name: `${containerName(c, lang)} (${c.pricePence === 0 ? translate(lang, 'containers.free') : formatPence(c.pricePence)})`,
        })),
      },
      {
        variable: true, code: 'reason', datatype: 'singlevaluelist', required: true, order: 3,
        datatype_description: `Why it is needed. Allowed per container: ${list.map((c) => `${c.id}: ${c.reasons.join(', ')}`).join('; ')}.`,
        description: translate(lang, 'containers.row_reason'),
        values: reasons.map((r: ContainerReason) => ({ key: r, name: translate(lang, `containers.reason_${r}` as MessageKey) })),
      },
      {
        variable: true, code: 'quantity', datatype: 'number', required: false, order: 4,
        datatype_description: `How many, 1 by default. At most: ${list.map((c) => `${c.id} ${maxQuantityOf(c)}`).join(', ')}.`,
        description: translate(lang, 'containers.row_quantity'),
      },
    ];
  },
  async submit(ctx, input) {
    const container = input.attributes.container;
    const reason = input.attributes.reason;
    if (!container) throw badAttribute('missing_attribute', 'attribute[container] is required.');
    if (!reason) throw badAttribute('missing_attribute', 'attribute[reason] is required.');
    const q = input.attributes.quantity ?? '';
    if (q && !/^\d{1,3}$/.test(q)) throw badAttribute('invalid_quantity', 'attribute[quantity] must be a whole number.');
    const quantity = q ? Number(q) : 1;
    if (quantity < 1) throw badAttribute('invalid_quantity', 'attribute[quantity] must be at least 1.');
    return createContainerRequest(ctx, {
      uprn: input.uprn, container, reason, quantity, name: input.name, email: input.email, phone: input.phone,
      language: input.language, channel: 'open311',
    });
  },
};
