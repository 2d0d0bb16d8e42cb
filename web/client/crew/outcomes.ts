/** The outcome buttons, in the order crews tap them most, with their catalogue keys (shared by the shell and the app). */
import type { MessageKey } from '../../i18n/index.ts';

export const OUTCOME_KEYS: Record<string, MessageKey> = {
  collected: 'crew.outcome.collected',
  not_presented: 'crew.outcome.not_presented',
  contaminated: 'crew.outcome.contaminated',
  excess_waste: 'crew.outcome.excess_waste',
  no_access: 'crew.outcome.no_access',
  too_heavy: 'crew.outcome.too_heavy',
  damaged_container: 'crew.outcome.damaged_container',
};
