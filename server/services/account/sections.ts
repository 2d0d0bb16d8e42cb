/** The sections Your account shows, in order. Each capability adds its line here (see registry.ts). */
import { missedReportsSection } from './missed-reports.ts';
import { registerAccountSection } from './registry.ts';
import { requestsSection } from './requests.ts';
import { alertsSection } from './alerts.ts';

registerAccountSection('missed-reports', missedReportsSection);
registerAccountSection('requests', requestsSection);
registerAccountSection('alerts', alertsSection);

export { accountSections } from './registry.ts';
