/** Everything the contract pages show: the contract, each line's frequency, the next collections and the notes. */
import type { ServiceContext } from '../../context.ts';
import { addDays, type LocalDate } from '../../domain/dates.ts';
import { describeFrequency, periodAt, roundCollections } from '../../domain/schedule.ts';
import { chargeWindow } from '../../domain/commercial/charges.ts';
import { councilToday, loadCouncilSchedule } from '../schedule.ts';
import { contractDetail, type ContractDetail } from './access.ts';
import { listTransferNotes, type TransferNote } from './transfer-notes.ts';

export interface UpcomingCollection {
  date: LocalDate;
  originalDate: LocalDate;
  service: string;
  serviceName: string;
  containers: number;
  changed: boolean;
  reason?: string;
}

export interface ContractOverview {
  detail: ContractDetail;
  today: LocalDate;
  frequencies: Map<number, string>;
  upcoming: UpcomingCollection[];
  notes: TransferNote[];
  hasCalendar: boolean;
}

export const UPCOMING_DAYS = 28;

export async function contractOverview(ctx: ServiceContext, reference: string): Promise<ContractOverview> {
  const detail = await contractDetail(ctx, reference);
  const schedule = await loadCouncilSchedule(ctx, detail.contract.councilId);
  const today = councilToday(ctx, detail.council);
  const window = chargeWindow({ from: today, to: addDays(today, UPCOMING_DAYS) }, detail.contract);
  const frequencies = new Map<number, string>();
  const upcoming: UpcomingCollection[] = [];
  for (const line of detail.lines) {
    const round = schedule.rounds.get(line.roundId);
    const period = round ? periodAt(round.periods, today) : undefined;
    frequencies.set(line.id, period ? describeFrequency(period) : 'Not scheduled');
    if (!round || !window) continue;
    for (const o of roundCollections(round, schedule.rules, window.from, window.to, { windows: [{ from: detail.contract.start, to: detail.contract.end }] })) {
      upcoming.push({
        date: o.date!, originalDate: o.originalDate, service: line.serviceId, serviceName: line.serviceName, containers: line.quantity,
        changed: o.changed, ...(o.reason ? { reason: o.reason } : {}),
      });
    }
  }
  upcoming.sort((a, b) => (a.date === b.date ? (a.service < b.service ? -1 : 1) : a.date < b.date ? -1 : 1));
  const notes = await listTransferNotes(ctx, reference);
  return { detail, today, frequencies, upcoming, notes, hasCalendar: detail.contract.calendarTokenHash !== null };
}
