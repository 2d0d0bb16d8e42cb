/**
 * Missed-collection pages: `/property/{uprn}/report` (form and POST), `/reports` (find by reference),
 * `/reports/{reference}` (status and history) and `/reports/{reference}/sent` (the confirmation, reached
 * by redirect after the POST so a reload never sends the report twice).
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { DomainError } from '../../errors.ts';
import { clientIp } from '../../middleware/client-ip.ts';
import { publicContext } from '../../middleware/auth.ts';
import { parseReference } from '../../domain/reference.ts';
import { propertyView, requireUprn } from '../../services/property-view.ts';
import { enforceLimit } from '../../services/rate-limit.ts';
import { reportabilityByService } from '../../services/reportability.ts';
import { getPublicReport, submitReport } from '../../services/reports.ts';
import { getCouncilBySlug, loadPropertySchedule } from '../../services/schedule.ts';
import type { FieldErrors } from '../../../web/pages/components.tsx';
import { localDateOf } from '../../../web/pages/format.ts';
import { REPORT_FIELDS, ReportConfirmationPage, ReportFormPage, type ReportFormValues } from '../../../web/pages/report.tsx';
import { ReportStatusPage, TrackReportPage } from '../../../web/pages/report-status.tsx';
import type { PropertyView } from '../../../web/pages/types.ts';
import { readBody } from '../body.ts';
import { render, signedInUser } from './render.tsx';
import { councilTodayFor, defaultToday } from './resident.tsx';
import { languagesInUse, useLanguage } from '../../middleware/language.ts';
import type { Translate } from '../../../web/i18n/index.ts';

const LIMITS = { name: 200, email: 320, phone: 30, notes: 1000 };
const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE_RE = /^\+?[0-9 ()-]{7,25}$/;

/** The property answer plus, per blocked service, the facts the page explains a refusal with. */
async function reportableProperty(c: Context<AppEnv>, uprnText: string): Promise<PropertyView> {
  const ctx = publicContext(c);
  const uprn = requireUprn(uprnText);
  const [property, decisions] = await Promise.all([
    propertyView(ctx, uprn),
    loadPropertySchedule(ctx, uprn).then((ps) => reportabilityByService(ctx, ps)),
  ]);
  // The council's own cut-off and window, so the explanations quote its rules rather than the defaults.
  const council = await getCouncilBySlug(ctx, property.council.slug);
  useLanguage(c, council.languages);
  return {
    ...property,
    sameDayCutoff: council.sameDayCutoff,
    reportWindowWorkingDays: council.reportWindowWorkingDays,
    services: property.services.map((s) => {
      const d = decisions.get(s.id);
      return { ...s, reportReference: d?.reference, collectionDate: d?.collectionDate, blockedOutcome: d?.outcome };
    }),
  };
}

/** What the resident typed, trimmed and cut to size: it goes back into the form when there are errors. */
function formValues(body: Record<string, unknown>): ReportFormValues {
  const text = (k: string, max: number) => (typeof body[k] === 'string' ? (body[k] as string).trim().slice(0, max + 1) : '');
  return {
    service: text('service', 60),
    name: text('name', LIMITS.name),
    email: text('email', LIMITS.email),
    phone: text('phone', LIMITS.phone),
    notes: text('notes', LIMITS.notes),
  };
}

function validate(v: ReportFormValues, property: PropertyView, t: Translate): FieldErrors {
  const errors: FieldErrors = {};
  const service = property.services.find((s) => s.id === v.service);
  if (!v.service) errors.service = t('report.err_service');
  else if (!service || !service.reportable) errors.service = t('report.err_service_listed');
  if (!v.name) errors.name = t('report.err_name');
  else if (v.name.length > LIMITS.name) errors.name = t('report.err_name_long', { max: LIMITS.name });
  if (!v.email) errors.email = t('report.err_email');
  else if (v.email.length > LIMITS.email || !EMAIL_RE.test(v.email)) errors.email = t('report.err_email_format');
  if (v.phone && !PHONE_RE.test(v.phone)) errors.phone = t('report.err_phone');
  if (v.notes && v.notes.length > LIMITS.notes) errors.notes = t('report.err_notes_long', { max: LIMITS.notes });
  // Keep the summary in page order.
  return Object.fromEntries(REPORT_FIELDS.filter((f) => errors[f]).map((f) => [f, errors[f]]));
}

export const reportPages = new Hono<AppEnv>()
  .get('/property/:uprn/report', async (c) => {
    const property = await reportableProperty(c, c.req.param('uprn'));
    const today = await councilTodayFor(c, property.council.slug);
    // A resident signed in through their council's resident account need not type their details again.
    const user = await signedInUser(c);
    const values = user?.role === 'resident' ? { name: user.name ?? '', email: user.email } : undefined;
    return render(c, <ReportFormPage property={property} today={today} values={values} />);
  })
  .post('/property/:uprn/report', async (c) => {
    const ctx = publicContext(c);
    const { config } = c.var.deps;
    const property = await reportableProperty(c, c.req.param('uprn'));
    const today = await councilTodayFor(c, property.council.slug);
    const values = formValues(await readBody(c));
    const again = (errors: FieldErrors, status: 400 | 409 | 422) =>
      render(c, <ReportFormPage property={property} today={today} values={values} errors={errors} />, status);

    const t = c.var.language!.t;
    const errors = validate(values, property, t);
    if (Object.keys(errors).length) return again(errors, 400);

    await enforceLimit(ctx, `public-write:${clientIp(c, config.trustedProxies)}`, config.rateLimitPerMinute);
    try {
      const receipt = await submitReport(ctx, {
        uprn: Number(property.uprn),
        service: values.service!,
        name: values.name,
        email: values.email,
        phone: values.phone || null,
        notes: values.notes || null,
        channel: 'web',
        lang: c.var.language?.lang,
      });
      return c.redirect(`/reports/${receipt.reference}/sent`, 303);
    } catch (err) {
      // The rules can change between showing the form and sending it (the crew finished, the window closed).
      if (err instanceof DomainError && [409, 422].includes(err.status)) {
        const ref = typeof err.details?.reference === 'string' ? err.details.reference : undefined;
        const message = err.code === 'duplicate' && ref ? t('blocked.already_reported', { reference: ref }) : err.message;
        return again({ service: message }, err.status as 409 | 422);
      }
      throw err;
    }
  })
  .get('/reports', async (c) => {
    const { t } = useLanguage(c, await languagesInUse(c));
    const typed = c.req.query('reference');
    if (typed === undefined) return render(c, <TrackReportPage />);
    const reference = parseReference(typed.slice(0, 40));
    if (!reference) {
      const message = typed.trim() ? t('track.err_format') : t('track.err_empty');
      return render(c, <TrackReportPage reference={typed.slice(0, 40)} errors={{ reference: message }} />, 400);
    }
    return c.redirect(`/reports/${reference}`, 303);
  })
  .get('/reports/:reference/sent', async (c) => {
    useLanguage(c, await languagesInUse(c));
    const report = await getPublicReport(publicContext(c), requireReference(c.req.param('reference')));
    const today = defaultToday(c);
    return render(
      c,
      <ReportConfirmationPage
        reference={report.reference}
        serviceName={report.serviceName}
        collectionDate={report.collectionDate}
        dueByDate={localDateOf(report.dueBy)}
        today={today}
        councilName={councilNameOf(report)}
      />,
    );
  })
  .get('/reports/:reference', async (c) => {
    useLanguage(c, await languagesInUse(c));
    const report = await getPublicReport(publicContext(c), requireReference(c.req.param('reference')));
    return render(c, <ReportStatusPage report={report} today={defaultToday(c)} councilName={councilNameOf(report)} />);
  });

/** The public report names its council only if the service adds it (DESIGN.md's shape does not require it). */
const councilNameOf = (report: object): string | undefined => (report as { council?: { name?: string } }).council?.name;

function requireReference(text: string): string {
  const reference = parseReference(text);
  if (!reference) throw new DomainError('invalid_reference', 'A report reference looks like KB-26-000123.', 400);
  return reference;
}
