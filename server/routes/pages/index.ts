import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { gardenPages } from './garden.tsx';
import { bulkyPages } from './bulky.tsx';
import { accountPages } from './account.tsx';
import { loginPages } from './login.tsx';
import { renderNotFound, renderPageError } from './render.tsx';
import { reportPages } from './reports.tsx';
import { payPages } from './pay.tsx';
import { containerPages } from './containers.tsx';
import { residentPages } from './resident.tsx';
import { staticRoutes } from './static.ts';

/**
 * Server-rendered pages for residents (find your bin day, report a missed collection, track it),
 * the sign-in page, and the static files they use. Failures here render friendly HTML pages with
 * the right status (the app-wide handler answers JSON).
 */
export const pageRoutes = new Hono<AppEnv>();
pageRoutes.onError(renderPageError);
pageRoutes.route('/static', staticRoutes);
pageRoutes.route('/', residentPages);
pageRoutes.route('/', reportPages);
pageRoutes.route('/', containerPages);
pageRoutes.route('/', gardenPages);
pageRoutes.route('/', bulkyPages);
pageRoutes.route('/', loginPages);
pageRoutes.route('/', payPages);
pageRoutes.route('/', accountPages);
// Unknown pages under the resident paths get the HTML 404 (other paths keep the app's JSON answer).
pageRoutes.get('/property/*', renderNotFound);
pageRoutes.get('/reports/*', renderNotFound);
pageRoutes.get('/requests/*', renderNotFound);
pageRoutes.get('/pay/*', renderNotFound);
pageRoutes.get('/bins/*', renderNotFound);
