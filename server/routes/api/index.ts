import type { AppEnv } from '../../context.ts';
import { authRoutes } from './auth.ts';
import { createApiRouter } from './router.ts';

/**
 * /api/v1: one route module per resource, mounted here. Modules built with `createApiRouter()`
 * bring their OpenAPI definitions along when mounted.
 */
export const apiRoutes = createApiRouter();
apiRoutes.route('/auth', authRoutes);
