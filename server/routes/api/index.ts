import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { authRoutes } from './auth.ts';

/** /api/v1: one route module per resource, mounted here. */
export const apiRoutes = new Hono<AppEnv>();
apiRoutes.route('/auth', authRoutes);
