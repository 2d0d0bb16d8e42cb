import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';

/** /open311/v2: GeoReport v2. */
export const open311Routes = new Hono<AppEnv>();
