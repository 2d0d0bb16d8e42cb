/**
 * Simpler Recycling (England): the Environment Act 2021 duty for workplaces to present dry
 * recyclables and food waste separately from residual waste. Pure rules over plain values.
 *
 * - Duty from 31 Mar 2025 for 10 or more employees, 31 Mar 2027 for micro-firms (fewer than 10).
 * - Once it applies, an ACTIVE contract needs food waste and dry recycling covering paper and card,
 *   glass, metal and plastic. Glass, metal and plastic may be collected together in any combination;
 *   paper and card stay separate unless a written assessment is recorded.
 * - It is an English duty: councils in the Scotland or Northern Ireland bank-holiday divisions get no
 *   findings (Scotland and Northern Ireland have their own rules, not checked here).
 */
import type { LocalDate } from '../dates.ts';

export const DRY_MATERIALS = ['paper', 'glass', 'metal', 'plastic'] as const;
export type DryMaterial = (typeof DRY_MATERIALS)[number];

export const DUTY_FROM_LARGE = '2025-03-31';
export const DUTY_FROM_MICRO = '2027-03-31';
export const MICRO_FIRM_BELOW = 10;

/**
 * Dry materials each stream carries. `recycling` (a household-style co-mingled stream) is read as
 * all four mixed, like `dry_mixed_with_paper`.
 */
export const STREAM_MATERIALS: Record<string, readonly DryMaterial[]> = {
  paper: ['paper'],
  glass: ['glass'],
  metal: ['metal'],
  plastic: ['plastic'],
  dry_mixed: ['glass', 'metal', 'plastic'],
  dry_mixed_with_paper: ['paper', 'glass', 'metal', 'plastic'],
  recycling: ['paper', 'glass', 'metal', 'plastic'],
};

export type FindingCode = 'food_missing' | 'dry_recycling_missing' | 'paper_not_separate';
export interface Finding {
  code: FindingCode;
  message: string;
  /** For dry_recycling_missing: the materials no line collects. */
  materials?: DryMaterial[];
}

export interface ComplianceInput {
  on: LocalDate;
  division: string;
  /** The council's nation when recorded; otherwise taken from the division (england-and-wales → England). */
  nation?: string | null;
  employees: number;
  contract: { status: string; start: LocalDate; end: LocalDate; paperAssessment: boolean };
  /** Streams of the contract's lines. */
  streams: string[];
}

export interface Compliance {
  compliant: boolean;
  /** The date the duty began (or begins) for this customer; null where the duty does not apply. */
  dutySince: LocalDate | null;
  findings: Finding[];
  /** Why there are no findings when the rules were not checked. */
  note?: string;
}

export const dutySince = (employees: number): LocalDate =>
  employees >= MICRO_FIRM_BELOW ? DUTY_FROM_LARGE : DUTY_FROM_MICRO;

const listWords = (items: string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

const MATERIAL_NAMES: Record<DryMaterial, string> = { paper: 'paper and card', glass: 'glass', metal: 'metal', plastic: 'plastic' };

export function checkSimplerRecycling(input: ComplianceInput): Compliance {
  const nation = input.nation ?? (input.division === 'england-and-wales' ? 'england' : input.division);
  if (nation !== 'england') {
    return {
      compliant: true, dutySince: null, findings: [],
      note: nation === 'wales'
        ? "Simpler Recycling is an English duty; Wales has its own workplace recycling rules, which are not checked here."
        : 'Simpler Recycling is an English duty; this council is not in England, so it is not checked here.',
    };
  }
  const since = dutySince(input.employees);
  if (input.on < since) {
    return { compliant: true, dutySince: since, findings: [], note: `The duty applies to this customer from ${since}.` };
  }
  const c = input.contract;
  if (c.status !== 'active' || input.on < c.start || input.on > c.end) {
    return { compliant: true, dutySince: since, findings: [], note: 'The contract is not active on this date.' };
  }

  const findings: Finding[] = [];
  const streams = new Set(input.streams);
  if (!streams.has('food')) {
    findings.push({ code: 'food_missing', message: 'No food waste collection: food must be presented separately from residual waste.' });
  }
  const covered = new Set<DryMaterial>();
  for (const s of streams) for (const m of STREAM_MATERIALS[s] ?? []) covered.add(m);
  const missing = DRY_MATERIALS.filter((m) => !covered.has(m));
  if (missing.length) {
    findings.push({
      code: 'dry_recycling_missing',
      message: `No dry recycling collection for ${listWords(missing.map((m) => MATERIAL_NAMES[m]))}.`,
      materials: missing,
    });
  }
  // Paper is "separate" only when a paper-only stream collects it.
  const paperMixed = covered.has('paper') && !streams.has('paper');
  if (paperMixed && !c.paperAssessment) {
    findings.push({
      code: 'paper_not_separate',
      message: 'Paper and card are collected mixed with other dry recyclables without a recorded written assessment.',
    });
  }
  return { compliant: findings.length === 0, dutySince: since, findings };
}
