import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';

/** /crew: the crew PWA shell. */
export const crewRoutes = new Hono<AppEnv>();
