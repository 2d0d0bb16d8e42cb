import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';

/** Server-rendered pages for residents and officers. */
export const pageRoutes = new Hono<AppEnv>();
