/**
 * The shapes the resident pages render: the public JSON shapes fixed by DESIGN.md ("Public JSON API"),
 * so the pages and the API always say the same thing. Services may send more; pages read only these.
 */
import type { LocalDate } from '../../server/domain/dates.ts';

export interface AddressView {
  uprn: number | string;
  address: string;
  postcode: string;
  council?: string | { slug: string; name: string };
}

export interface ServiceView {
  id: string;
  name: string;
  stream: string;
  container: string;
  colour: string;
  frequency?: string | null;
  next?: { date: LocalDate; originalDate?: LocalDate; changed?: boolean; reason?: string | null } | null;
  last?: { date: LocalDate; outcome?: string | null; completedAt?: string | null } | null;
  /** On a collection day: where that collection stands. */
  today?: { status: string; outcome?: string | null; recordedAt?: string | null; catchUpDate?: LocalDate | null } | null;
  reportable: boolean;
  reportBlockedReason?: string | null;
  /** Optional extras a service may add to explain a refusal. */
  reportReference?: string | null;
  collectionDate?: LocalDate | null;
  /** A bounded service (garden waste subscription): its window and whether it runs today. */
  subscription?: { active: boolean; from: LocalDate; to: LocalDate | null } | null;
  /** The crew's outcome behind a `crew_reported` refusal. */
  blockedOutcome?: string | null;
}

export interface PropertyView {
  uprn: number | string;
  address: string;
  postcode: string;
  lat: number | null;
  lon: number | null;
  council: { slug: string; name: string };
  services: ServiceView[];
  /** Council settings some services expose; pages fall back to DESIGN.md's defaults. */
  sameDayCutoff?: string;
  reportWindowWorkingDays?: number;
}

export interface CollectionView {
  date: LocalDate;
  service: string;
  name: string;
  originalDate?: LocalDate;
  changed?: boolean;
  reason?: string | null;
}

export interface PublicReportView {
  reference: string;
  status: string;
  service: string;
  serviceName?: string;
  collectionDate: LocalDate;
  dueBy: string;
  history: Array<{ at: string; status: string; note?: string | null }>;
}

export interface CalendarLinkView {
  webcal: string;
  https: string;
  google: string;
  download: string;
}
