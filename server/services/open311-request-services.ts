/**
 * Which request services Open311 offers: importing this registers one adapter per service code
 * (server/services/open311-requests.ts). The container one is complete; garden and bulky are wired
 * to their kinds' create verbs once those exist on this branch (see the TODO below).
 */
import { registerOpen311Adapter } from './open311-requests.ts';
import { containerOpen311 } from './requests/containers/open311.ts';
import './requests/containers/index.ts';

registerOpen311Adapter(containerOpen311);

// TODO(garden, bulky): once server/services/requests/garden and …/bulky are merged:
//   import { createGardenSubscription } from './requests/garden/index.ts';
//   import { bookBulky } from './requests/bulky/index.ts';
//   import { bulkyOpen311, gardenOpen311 } from './open311-request-kinds.ts';
//   registerOpen311Adapter(gardenOpen311(createGardenSubscription));
//   registerOpen311Adapter(bulkyOpen311(bookBulky));
