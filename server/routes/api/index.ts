import type { AppEnv } from '../../context.ts';
import { addressRoutes } from './addresses.ts';
import { alertRoutes } from './alerts.ts';
import { apiKeyRoutes } from './api-keys.ts';
import { authRoutes } from './auth.ts';
import { bulkyBookingRoutes, bulkySlotRoutes } from './bulky.ts';
import { commercialRoutes } from './commercial.ts';
import { crewEventRoutes } from './crew-events.ts';
import { crewRoundRoutes } from './crew-rounds.ts';
import { missedReportRoutes } from './missed-reports.ts';
import { containerRequestRoutes } from './container-requests.ts';
import { mapRoutes, roundsTodayRoutes } from './officer-board.ts';
import { openApiRoutes } from './openapi.ts';
import { propertyRoutes } from './properties.ts';
import { exportRoutes, importRoutes, propertyAdminRoutes } from './property-admin.ts';
import { exceptionRoutes } from './exceptions.ts';
import { gardenRoutes } from './garden.ts';
import { insightRoutes } from './insight.ts';
import { createApiRouter } from './router.ts';
import { roundNotCompletedRoutes } from './round-not-completed.ts';
import { assignmentRoutes, roundAdminRoutes } from './round-admin.ts';
import { roundDetailRoutes } from './round-detail.ts';
import { requestRoutes } from './requests.ts';
import { userRoutes } from './users.ts';
import { webhookRoutes } from './webhooks.ts';

/**
 * /api/v1: one route module per resource, mounted here. Modules built with `createApiRouter()`
 * bring their OpenAPI definitions along when mounted.
 */
export const apiRoutes = createApiRouter();
apiRoutes.route('/auth', authRoutes);
apiRoutes.route('/crew', crewRoundRoutes);
apiRoutes.route('/crew', crewEventRoutes);
apiRoutes.route('/missed-reports', missedReportRoutes);
apiRoutes.route('/container-requests', containerRequestRoutes);
apiRoutes.route('/garden-subscriptions', gardenRoutes);
apiRoutes.route('/alerts', alertRoutes);
apiRoutes.route('/addresses', addressRoutes);
apiRoutes.route('/properties', propertyRoutes);
apiRoutes.route('/properties', propertyAdminRoutes);
apiRoutes.route('/imports', importRoutes);
apiRoutes.route('/exports', exportRoutes);
apiRoutes.route('/commercial', commercialRoutes);
apiRoutes.route('/bulky', bulkySlotRoutes);
apiRoutes.route('/bulky-bookings', bulkyBookingRoutes);
apiRoutes.route('/', exceptionRoutes);
apiRoutes.route('/rounds', roundAdminRoutes);
apiRoutes.route('/assignments', assignmentRoutes);
apiRoutes.route('/rounds', roundsTodayRoutes);
apiRoutes.route('/rounds', roundNotCompletedRoutes);
apiRoutes.route('/rounds', roundDetailRoutes);
apiRoutes.route('/map', mapRoutes);
apiRoutes.route('/insight', insightRoutes);
apiRoutes.route('/users', userRoutes);
apiRoutes.route('/api-keys', apiKeyRoutes);
apiRoutes.route('/webhooks', webhookRoutes);
apiRoutes.route('/', requestRoutes);
apiRoutes.route('/', openApiRoutes(apiRoutes));
