/**
 * Garden waste subscriptions (request kind `garden_subscription`, references GW-…): importing this
 * registers the kind with the lifecycle (hooks.ts) and gives the verbs the routes call.
 */
import './hooks.ts';

export { addGardenBins, createGardenSubscription, type NewSubscription } from './create.ts';
export { markBinsDelivered } from './delivered.ts';
export { gardenFacts, hasGardenFor } from './facts.ts';
export { gardenOffer, type GardenOffer } from './offer.ts';
