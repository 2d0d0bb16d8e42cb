/**
 * Which request services Open311 offers: importing this registers one adapter per service code
 * (server/services/open311-requests.ts), each calling its kind's own create verb — the same one the
 * JSON API calls.
 */
import { registerOpen311Adapter } from './open311-requests.ts';
import { bulkyOpen311, gardenOpen311 } from './open311-request-kinds.ts';
import { containerOpen311 } from './requests/containers/open311.ts';
import './requests/containers/index.ts';
import { bookBulky } from './requests/bulky/index.ts';
import { createGardenSubscription } from './requests/garden/index.ts';

registerOpen311Adapter(containerOpen311);
registerOpen311Adapter(gardenOpen311(createGardenSubscription));
registerOpen311Adapter(bulkyOpen311(bookBulky));
