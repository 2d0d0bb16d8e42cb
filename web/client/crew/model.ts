/**
 * The crew app's shapes and the pure rules for what the screen shows: a stop's outcomes are the
 * server's merged with delivered and waiting ones from this phone (by event id, latest counts), and
 * a run's status is the furthest one known. Plus small formatting and DOM helpers.
 */
import type { RoundSheet, RunStatus, Stop } from '../../../server/services/crew-rounds.ts';
import type { CrewEvent, OutboxItem } from './queue.ts';


// The sheet's shape is the server's answer (GET /api/v1/crew/rounds/{round}/{date}); a type-only import
// keeps the app and the API in step and is erased when Bun bundles the app.
export type { RunStatus, Stop } from '../../../server/services/crew-rounds.ts';
export type Sheet = RoundSheet;

export interface DayList {
  date: string;
  rounds: Array<{ id: string; name: string; service: { name: string }; stops: number; changed: boolean; originalDate: string; reason?: string; run: { status: string } }>;
}

export interface ShownOutcome {
  id: string;
  outcome: string;
  recordedAt: string;
  /** Still in the outbox. */
  waiting: boolean;
}

/** Outcomes for the round's service at a stop, oldest first: the server's, delivered ones, waiting ones. */
export function outcomesAt(stop: Stop, sheet: Sheet, sent: CrewEvent[], queue: OutboxItem[]): ShownOutcome[] {
  const service = sheet.round.service.id;
  const all = new Map<string, ShownOutcome>();
  for (const o of stop.outcomes) if (o.service === service) all.set(o.id, { ...o, waiting: false });
  const here = (e: CrewEvent) => e.uprn === stop.uprn && e.service === service && e.date === sheet.date;
  for (const e of sent) if (here(e) && !all.has(e.id)) all.set(e.id, { ...e, waiting: false });
  for (const i of queue) if (i.kind === 'event' && here(i.event)) all.set(i.event.id, { ...i.event, waiting: true });
  return [...all.values()].sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0));
}

export const latestOutcome = (stop: Stop, sheet: Sheet, sent: CrewEvent[], queue: OutboxItem[]) =>
  outcomesAt(stop, sheet, sent, queue).at(-1);

const RANK: Record<RunStatus, number> = { not_started: 0, in_progress: 1, completed: 2 };

/** The furthest run state known: the sheet's, one the server took since (`sentRuns`), or one waiting. */
export function knownRunStatus(sheet: Sheet, queue: OutboxItem[], sentRuns: Record<string, RunStatus>): RunStatus {
  let status = sheet.run.status;
  const sent = sentRuns[`${sheet.round.id}|${sheet.date}`];
  if (sent && RANK[sent] > RANK[status]) status = sent;
  for (const i of queue) {
    if (i.kind === 'run' && i.run.round === sheet.round.id && i.run.date === sheet.date && RANK[i.run.status] > RANK[status]) status = i.run.status;
  }
  return status;
}

/** An element with attributes and children; text is always set as text, never parsed as HTML. */
export function h(tag: string, attrs: Record<string, string | boolean | undefined> = {}, ...children: Array<Node | string>): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  el.append(...children);
  return el;
}
