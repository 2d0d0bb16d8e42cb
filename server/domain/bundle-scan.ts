/**
 * Validates a bundle that arrives piece by piece (server/domain/json-stream.ts), giving exactly
 * the errors `parseBundle` gives for the same bundle, in the same order — while keeping only
 * what later checks need: the small sections (services, rounds, exceptions, customers,
 * contracts) whole, and for the big ones (properties, assignments) a few numbers per row in
 * typed arrays (UPRN, round, start date), not the rows. Duplicates among the big sections are
 * found by sorting those numbers, not with a map of strings.
 */
import type { z } from 'zod';
import {
  councilSchema, withRequests, duplicateError, duplicateErrors, exceptionKey, issueLines, sectionSchemas, topSchema,
  type Bundle, type Section, type SparseBundle,
} from './bundle.ts';
import { parseUprn } from './uprn.ts';

/** The sections streamed row by row; the rest are small and kept. */
export const STREAMED_SECTIONS: ReadonlySet<string> = new Set(['properties', 'assignments']);
const SECTIONS = Object.keys(sectionSchemas) as Section[];
const isSection = (k: string): k is Section => (SECTIONS as string[]).includes(k);

/** A Float64Array that grows. */
class Numbers {
  data = new Float64Array(1024);
  length = 0;
  push(v: number) {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  at(i: number) {
    return this.data[i];
  }
}

export type SmallSections = Pick<SparseBundle, 'services' | 'rounds' | 'exceptions' | 'customers' | 'contracts'>;

export interface ScanResult {
  errors: string[];
  /** Absent when the top level or the council is bad (then no reference is checked, as in parseBundle). */
  council?: Bundle['council'];
  small: SmallSections;
  /** Keys the rows name, good rows or bad (as `attemptedKeys`). */
  attempted: { services: Set<string>; rounds: Set<string>; uprns: Set<number>; customers: Set<string> };
  /** Row counts of the streamed sections. */
  counts: { properties: number; assignments: number };
  /** Good property rows: index -> UPRN. */
  forEachProperty(fn: (i: number, uprn: number) => void): void;
  /** Good assignment rows. */
  forEachAssignment(fn: (i: number, uprn: number, round: string) => void): void;
}

export class BundleScan {
  private top: Record<string, unknown> = {};
  private shape = Object.fromEntries(SECTIONS.map((s) => [s, [] as string[]])) as Record<Section, string[]>;
  private small: SmallSections = { services: [], rounds: [], exceptions: [], customers: [], contracts: [] };
  private attempted = { services: new Set<string>(), rounds: new Set<string>(), uprns: new Set<number>(), customers: new Set<string>() };
  // NaN marks a bad row (skipped by every later check).
  private propertyUprns = new Numbers();
  private assignmentUprns = new Numbers();
  /** round index * 1e8 + yyyymmdd: with the UPRN, an assignment's key as two numbers. */
  private assignmentKeys = new Numbers();
  private roundNames: string[] = [];
  private roundIndex = new Map<string, number>();

  /** A top-level value that is not streamed (the council, a small section, anything else). */
  value(key: string, value: unknown): void {
    if (isSection(key) && Array.isArray(value)) {
      this.array(key);
      this.items(key, 0, value);
    } else this.top[key] = value;
  }

  /** A section array begins (it may be empty). */
  array(key: string): void {
    if (isSection(key)) this.top[key] = [];
  }

  /** Rows `offset`… of a section. */
  items(key: string, offset: number, rows: unknown[]): void {
    if (!isSection(key)) return;
    const schema = sectionSchemas[key] as z.ZodType;
    rows.forEach((raw, k) => {
      const i = offset + k;
      this.attempt(key, raw);
      const r = schema.safeParse(raw);
      if (!r.success) this.shape[key].push(...issueLines(r.error.issues, [key, i]));
      this.keep(key, r.success ? (r.data as any) : null);
    });
  }

  private attempt(key: Section, raw: unknown) {
    if (!raw || typeof raw !== 'object') return;
    const r = raw as Record<string, unknown>;
    if (key === 'services' && typeof r.id === 'string') this.attempted.services.add(r.id);
    if (key === 'rounds' && typeof r.id === 'string') this.attempted.rounds.add(r.id);
    if (key === 'customers' && typeof r.id === 'string') this.attempted.customers.add(r.id);
    if (key === 'properties') {
      const n = parseUprn(r.uprn);
      if (n !== null) this.attempted.uprns.add(n);
    }
  }

  private keep(key: Section, row: any) {
    if (key === 'properties') this.propertyUprns.push(row ? row.uprn : NaN);
    else if (key === 'assignments') {
      this.assignmentUprns.push(row ? row.uprn : NaN);
      let r = -1;
      if (row) {
        r = this.roundIndex.get(row.round) ?? -1;
        if (r < 0) this.roundIndex.set(row.round, (r = this.roundNames.push(row.round) - 1));
      }
      this.assignmentKeys.push(row ? r * 1e8 + Number(row.from.replaceAll('-', '')) : NaN);
    } else (this.small[key] as unknown[]).push(row);
  }

  finish(): ScanResult {
    const synthetic = { ...this.top };
    const top = topSchema.safeParse(synthetic);
    const result: ScanResult = {
      errors: [],
      small: this.small,
      attempted: this.attempted,
      counts: { properties: this.propertyUprns.length, assignments: this.assignmentUprns.length },
      forEachProperty: (fn) => {
        for (let i = 0; i < this.propertyUprns.length; i++) {
          const u = this.propertyUprns.at(i);
          if (!Number.isNaN(u)) fn(i, u);
        }
      },
      forEachAssignment: (fn) => {
        for (let i = 0; i < this.assignmentUprns.length; i++) {
          const u = this.assignmentUprns.at(i);
          if (!Number.isNaN(u)) fn(i, u, this.roundNames[Math.floor(this.assignmentKeys.at(i) / 1e8)]);
        }
      },
    };
    if (!top.success) {
      result.errors = issueLines(top.error.issues, []);
      return result;
    }
    const errors: string[] = [];
    const council = councilSchema.safeParse(withRequests(this.top.council, this.top.requests));
    if (!council.success) errors.push(...issueLines(council.error.issues, ['council']));
    for (const s of SECTIONS) errors.push(...this.shape[s]);
    errors.push(...duplicateErrors(this.small.services, 'services', 'id', (s) => s.id));
    errors.push(...duplicateErrors(this.small.rounds, 'rounds', 'id', (r) => r.id));
    errors.push(...sortedDuplicates(this.propertyUprns, null, 'properties', 'uprn'));
    errors.push(...sortedDuplicates(this.assignmentUprns, this.assignmentKeys, 'assignments', ''));
    errors.push(...duplicateErrors(this.small.exceptions, 'exceptions', '', exceptionKey));
    errors.push(...duplicateErrors(this.small.customers, 'customers', 'id', (c) => c.id));
    errors.push(...duplicateErrors(this.small.contracts, 'contracts', 'reference', (c) => c.reference));
    result.errors = errors;
    if (council.success) result.council = council.data;
    return result;
  }
}

/** Duplicate keys (a, b) among rows, reported like `duplicateErrors`: each later row names the first. */
function sortedDuplicates(a: Numbers, b: Numbers | null, name: string, field: string): string[] {
  const idx: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a.at(i))) idx.push(i);
  const order = Uint32Array.from(idx);
  const A = a.data, B = b?.data;
  order.sort((x, y) => A[x] - A[y] || (B ? B[x] - B[y] : 0) || x - y);
  const pairs: Array<[number, number]> = [];
  let first = -1;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const same = k > 0 && A[i] === A[order[k - 1]] && (!B || B[i] === B[order[k - 1]]);
    if (same) pairs.push([i, first]);
    else first = i;
  }
  return pairs.sort((x, y) => x[0] - y[0]).map(([i, f]) => duplicateError(name, field, i, f));
}
