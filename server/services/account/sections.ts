/** The sections Your account shows, in order. Each capability adds its line here (see registry.ts). */
import { missedReportsSection } from './missed-reports.ts';
import { registerAccountSection } from './registry.ts';

registerAccountSection('missed-reports', missedReportsSection);

export { accountSections } from './registry.ts';
