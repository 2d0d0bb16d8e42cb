import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';

/** /calendars: iCalendar feeds. */
export const calendarRoutes = new Hono<AppEnv>();
