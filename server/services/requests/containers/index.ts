/**
 * Bin and container requests (kind `container_request`, references `BR-…`). Importing this module
 * registers the kind's lifecycle hooks and its delivery jobs on crews' round sheets.
 */
import './hooks.ts';
import './delivery.ts';

export { createContainerRequest, quoteContainerRequest, openRequestFor, type ContainerRequestInput, type RequestChannel } from './create.ts';
export { listDeliveries, markDelivered, deliveryJobs, type DeliveryRow } from './delivery.ts';
export { containerOptions, type ContainerOption } from './options.ts';
