/**
 * Work residents booked at a stop (server/services/requests/round-jobs.ts): a bulky collection with
 * its items and where they are, or a container delivery. Shown on the stop card under the return
 * visits; the crew records the outcome with the usual buttons (collected, not presented…).
 * The words come from the caller, so the app's catalogue (and its Welsh) supplies them.
 */
import type { Stop } from './model.ts';
import { h } from './model.ts';

export interface JobWords {
  /** "Bulky collection BW-26-000001" */
  title: (type: 'bulky' | 'delivery', reference: string) => string;
  /** "Where: front garden" */
  where: (location: string) => string;
}

export function jobItems(stop: Stop, words: JobWords): HTMLElement[] {
  return (stop.jobs ?? []).map((job) => {
    const li = h('li', { class: 'job' }, words.title(job.type, job.reference));
    const list = h('ul', {});
    for (const item of job.items) list.append(h('li', {}, item));
    if (job.location) list.append(h('li', {}, words.where(job.location)));
    li.append(list);
    return li;
  });
}
