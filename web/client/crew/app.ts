/**
 * The crew app. Views: sign in, choose a round (today by default), work a round (next stop first,
 * one tap per outcome, optional note and photo, undo, start/finish, return visits, list and map).
 *
 * Every write goes to the IndexedDB outbox first (queue.ts) and is sent by sender.ts; what the stop
 * list shows is the round sheet from the server merged with what is still on the phone, so the list
 * is right with no signal and after a reload. Round sheets and day lists are kept in the Cache API
 * (the same cache the service worker reads) so the chosen round opens with no signal.
 */
import { jobItems, type JobWords } from './jobs.ts';
import { StopMap, type MapStop } from './map.ts';
import * as store from './queue.ts';
import type { CrewEvent, OutboxItem } from './queue.ts';
import { h, knownRunStatus, latestOutcome, type DayList, type Sheet, type Stop } from './model.ts';
import { followCouncil, lang, longDate, outcomeLabel, t, time } from './messages.ts';
import { Sender, UNDO_HOLD_MS } from './sender.ts';
import { StopList } from './stops.ts';

// The stop card's booked jobs, in the shell's language (catalogue web/i18n/areas/crew.*.json).
const JOB_WORDS: JobWords = {
  title: (type, reference) => t(type === 'bulky' ? 'crew.job.bulky' : 'crew.job.delivery', { reference }),
  where: (location) => t('crew.job.where', { location }),
};

const DATA_CACHE = 'kerbside-crew-data';
const SIGNED_IN = 'kerbside-crew-signed-in';
const RESOLVED = 'kerbside-crew-resolved';
/** Run changes the server has, by `round|date`, so a saved (older) sheet still shows them. */
const RUNS = 'kerbside-crew-runs';
const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

const state = {
  signedIn: false,
  email: localStorage.getItem('kerbside-crew-email') ?? '',
  online: navigator.onLine,
  sheet: undefined as Sheet | undefined,
  sheetFromCache: false,
  selected: undefined as string | undefined,
  queue: [] as OutboxItem[],
  sent: [] as CrewEvent[],
  rejected: 0,
  lastTap: undefined as { seq: number; uprn: string; text: string } | undefined,
  resolved: new Set<string>(JSON.parse(localStorage.getItem(RESOLVED) ?? '[]') as string[]),
  confirmFinish: false,
  message: '',
};

const sender = new Sender({
  changed: () => void refreshQueue().then(render),
  signedOut: () => {
    state.signedIn = false;
    localStorage.removeItem(SIGNED_IN);
    showSignIn(t('crew.sign_in.ended'));
  },
  held: () => state.lastTap?.seq,
  delivered: (items) => {
    const runs = JSON.parse(localStorage.getItem(RUNS) ?? '{}') as Record<string, string>;
    for (const i of items) if (i.kind === 'run' && runs[`${i.run.round}|${i.run.date}`] !== 'completed') runs[`${i.run.round}|${i.run.date}`] = i.run.status;
    localStorage.setItem(RUNS, JSON.stringify(Object.fromEntries(Object.entries(runs).slice(-50))));
  },
});

let map: StopMap | undefined;
let stopList: StopList | undefined;

// ---- data ----------------------------------------------------------------------------------------

class Offline extends Error {}

/** GET JSON; good answers are kept in the cache, and the cache answers when there is no signal. */
async function getJson<T>(url: string): Promise<{ status: number; body: T; fromCache: boolean }> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
  } catch {
    setOnline(false);
    const cached = 'caches' in window ? await caches.match(url, { cacheName: DATA_CACHE }) : undefined;
    if (cached) return { status: 200, body: (await cached.json()) as T, fromCache: true };
    throw new Offline('offline');
  }
  if (res.headers.get('x-kerbside-saved')) {
    // The service worker answered from its cache: the network failed.
    setOnline(false);
    return { status: res.status, body: (await res.json()) as T, fromCache: true };
  }
  setOnline(true);
  if (res.ok && 'caches' in window) {
    const copy = res.clone();
    await caches.open(DATA_CACHE).then((c) => c.put(url, copy)).catch(() => {});
  }
  return { status: res.status, body: (await res.json().catch(() => ({}))) as T, fromCache: false };
}

async function refreshQueue(): Promise<void> {
  state.queue = await store.outbox();
  state.rejected = (await store.rejected()).length;
  if (state.sheet) state.sent = await store.sentOn(state.sheet.date);
}

// ---- what a stop looks like now ------------------------------------------------------------------

const latest = (stop: Stop, sheet: Sheet) => latestOutcome(stop, sheet, state.sent, state.queue);
const runStatus = (sheet: Sheet) => knownRunStatus(sheet, state.queue, JSON.parse(localStorage.getItem(RUNS) ?? '{}'));

function currentStop(sheet: Sheet, shown?: Map<string, unknown>): Stop | undefined {
  const chosen = sheet.stops.find((s) => s.uprn === state.selected);
  return chosen ?? sheet.stops.find((s) => !(shown ? shown.get(s.uprn) : latest(s, sheet)));
}

// ---- rendering -----------------------------------------------------------------------------------

function setOnline(online: boolean) {
  state.online = online;
  const pill = $('connection');
  pill.textContent = online ? t('crew.online') : t('crew.offline');
  pill.classList.toggle('offline', !online);
}

function renderQueue() {
  const events = state.queue.filter((i) => i.kind === 'event').length;
  const others = state.queue.length - events;
  const el = $('queue');
  const parts: string[] = [];
  if (events) parts.push(t('crew.queue.outcomes', { count: events }));
  if (others) parts.push(t('crew.queue.others', { count: others }));
  let text = parts.length ? parts.join(', ') : t('crew.queue.all_sent');
  if (parts.length && !state.online) text += ` ${t('crew.queue.kept')}`;
  if (state.rejected) text += `. ${t('crew.queue.rejected', { count: state.rejected })}`;
  if (state.message) text = `${state.message} ${text}`;
  el.textContent = state.signedIn || state.queue.length ? text : '';
  el.classList.toggle('waiting', state.queue.length > 0);
  el.classList.toggle('rejected', state.rejected > 0);
}

function render() {
  renderQueue();
  const sheet = state.sheet;
  if (!sheet || $('round').hidden) return;

  const status = runStatus(sheet);
  // Each stop's latest outcome, worked out once per render (a round has hundreds of stops).
  const shown = new Map(sheet.stops.map((s) => [s.uprn, latest(s, sheet)]));
  let done = 0;
  for (const last of shown.values()) if (last) done++;
  $('round-title').textContent = sheet.round.name;
  const moved = { date: longDate(sheet.originalDate), reason: sheet.reason ?? '' };
  $('round-meta').textContent =
    `${longDate(sheet.date)} · ${sheet.round.service.name}` +
    (sheet.changed ? ` · ${sheet.reason ? t('crew.round.moved_because', moved) : t('crew.round.moved', moved)}` : '') +
    (state.sheetFromCache ? ` · ${t('crew.round.saved')}` : '');
  $('run-status').textContent =
    `${t('crew.round.progress', { done, stops: t('crew.stops', { count: sheet.stops.length }) })} · ` +
    (status === 'completed' ? t('crew.round.status_completed') : status === 'in_progress' ? t('crew.round.status_in_progress') : t('crew.round.status_not_started'));
  $('run-start').hidden = status !== 'not_started';
  $('run-finish').hidden = status !== 'in_progress' || state.confirmFinish;
  $('run-confirm').hidden = !state.confirmFinish;
  $('run-confirm-text').textContent = t('crew.round.left', { count: sheet.stops.length - done });

  const tap = state.lastTap;
  $('undo').hidden = !tap;
  if (tap) $('undo-text').textContent = tap.text;

  const stop = currentStop(sheet, shown);
  const card = $('stop');
  if (!stop) {
    card.classList.add('done');
    $('stop-title').textContent = t('crew.stop.all_done');
    $('stop-address').textContent = status === 'completed' ? t('crew.stop.round_finished') : t('crew.stop.finish_when_done');
    $('stop-flags').replaceChildren();
    $('stop-visits').replaceChildren();
    $('stop-done').textContent = '';
    $('outcomes').hidden = true;
  } else {
    const last = shown.get(stop.uprn);
    card.classList.toggle('done', Boolean(last));
    const where = { sequence: stop.sequence, position: stops(sheet).indexOf(stop) + 1, total: sheet.stops.length };
    $('stop-title').textContent = last ? t('crew.stop.this', where) : t('crew.stop.next', where);
    $('stop-address').textContent = stop.address;
    $('stop-flags').replaceChildren(...(stop.assisted ? [h('span', { class: 'tag' }, t('crew.stop.assisted'))] : []));
    const visits = stop.returnVisits.filter((v) => v.service === sheet.round.service.id);
    $('stop-visits').replaceChildren(
      ...visits.map((v) => {
        const resolved = state.resolved.has(v.reference);
        const li = h('li', {}, `${t('crew.stop.return_visit', { reference: v.reference })} `);
        if (resolved) li.append(t('crew.stop.resolved'));
        else {
          const button = h('button', { type: 'button', class: 'button secondary', 'data-resolve': v.reference }, t('crew.stop.resolve', { reference: v.reference }));
          li.append(button);
        }
        return li;
      }),
      // Booked work at the stop (bulky items, deliveries): web/client/crew/jobs.ts.
      ...jobItems(stop, JOB_WORDS),
    );
    $('stop-done').textContent = last
      ? t(last.waiting ? 'crew.stop.recorded_waiting' : 'crew.stop.recorded', { outcome: outcomeLabel(last.outcome), time: time(last.recordedAt) })
      : '';
    $('outcomes').hidden = false;
  }

  stopList ??= new StopList($('stops'));
  stopList.show(
    `${sheet.round.id}/${sheet.date}`,
    sheet.stops.map((s) => {
      const last = shown.get(s.uprn);
      return {
        uprn: s.uprn,
        sequence: s.sequence,
        label: `${s.address}${s.assisted ? ` ${t('crew.list.assisted')}` : ''}${s.returnVisits.length ? ` ${t('crew.list.return_visit')}` : ''}`,
        state: last ? `${outcomeLabel(last.outcome)}${last.waiting ? ' *' : ''}` : t('crew.list.to_do'),
        done: Boolean(last),
        current: s === stop,
      };
    }),
  );

  const key = `${sheet.round.id}/${sheet.date}`;
  showMap(() => map!.show(key, sheet.stops.map((s): MapStop => ({ ...s, done: Boolean(shown.get(s.uprn)) })), stop?.uprn));
}

/**
 * The map is built the first time it comes on screen (it sits below the stop card): opening a
 * round does not wait for Leaflet and hundreds of markers. Until then only the newest draw is kept.
 */
let drawMap: (() => void) | undefined;
let mapWatch: IntersectionObserver | undefined;
function showMap(draw: () => void) {
  if (map) {
    drawMap = undefined; // a pending first draw is superseded by this one
    return draw();
  }
  drawMap = draw;
  if (mapWatch) return;
  const create = () => {
    mapWatch?.disconnect();
    const body = document.body.dataset;
    map = new StopMap($('map'), body.tileUrl ?? '', body.tileAttribution ?? '', (uprn) => selectStop(uprn));
    // The markers on a later task than Leaflet's set-up: two shorter tasks instead of one long one.
    setTimeout(() => {
      drawMap?.();
      drawMap = undefined;
    }, 0);
  };
  if (!('IntersectionObserver' in window)) return create();
  mapWatch = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting) && !map) create();
  }, { rootMargin: '0px' });
  mapWatch.observe($('map'));
}

const stops = (sheet: Sheet) => sheet.stops;

function show(view: 'sign-in' | 'pick' | 'round' | 'loading') {
  for (const id of ['sign-in', 'pick', 'round', 'loading']) $(id).hidden = id !== view;
  // The button keeps its space while hidden (no layout shift when it appears).
  const signedIn = view !== 'sign-in' && view !== 'loading';
  const out = $<HTMLButtonElement>('sign-out');
  out.classList.toggle('reserved', !signedIn);
  if (signedIn) out.removeAttribute('aria-hidden');
  else out.setAttribute('aria-hidden', 'true');
  out.tabIndex = signedIn ? 0 : -1;
  $('signed-in-as').textContent = signedIn && state.email ? t('crew.signed_in_as', { email: state.email }) : '';
}

function showSignIn(message?: string) {
  state.signedIn = false;
  show('sign-in');
  const error = $('sign-in-error');
  error.hidden = !message;
  error.textContent = message ?? '';
  renderQueue();
}

// ---- views ---------------------------------------------------------------------------------------

async function openPick(date?: string) {
  show('pick');
  const list = $('round-list');
  const message = $('pick-message');
  message.textContent = t('crew.pick.loading');
  list.replaceChildren();
  try {
    const { status, body, fromCache } = await getJson<DayList>(`/api/v1/crew/rounds?lang=${lang}${date ? `&date=${date}` : ''}`);
    if (status === 401) return showSignIn();
    if (status !== 200) {
      message.textContent = t('crew.pick.bad_date');
      return;
    }
    $<HTMLInputElement>('pick-date').value = body.date;
    message.textContent =
      (body.rounds.length ? t('crew.pick.rounds_on', { count: body.rounds.length, date: longDate(body.date) }) : t('crew.pick.none_on', { date: longDate(body.date) })) +
      (fromCache ? ` ${t('crew.pick.saved')}` : '');
    list.replaceChildren(
      ...body.rounds.map((r) =>
        h(
          'li',
          {},
          h(
            'a',
            { href: `#/round/${encodeURIComponent(r.id)}/${body.date}` },
            h('strong', {}, r.name),
            h('span', {}, t('crew.pick.round_line', {
              service: r.service.name,
              stops: t('crew.stops', { count: r.stops }),
              status: r.run.status === 'completed' ? t('crew.run.completed') : r.run.status === 'in_progress' ? t('crew.run.in_progress') : t('crew.run.not_started'),
            })),
            r.changed
              ? h('span', {}, r.reason ? t('crew.pick.moved_because', { date: longDate(r.originalDate), reason: r.reason }) : t('crew.pick.moved', { date: longDate(r.originalDate) }))
              : '',
          ),
        ),
      ),
    );
  } catch (err) {
    if (!(err instanceof Offline)) throw err;
    message.textContent = t('crew.pick.offline');
  }
}

async function openRound(roundId: string, date: string) {
  const same = state.sheet && state.sheet.round.id === roundId && state.sheet.date === date;
  if (!same) {
    show('loading');
    state.selected = undefined;
    state.confirmFinish = false;
  }
  try {
    const url = `/api/v1/crew/rounds/${encodeURIComponent(roundId)}/${date}?lang=${lang}`;
    const { status, body, fromCache } = await getJson<Sheet>(url);
    if (status === 401) return showSignIn();
    if (status !== 200) {
      show('pick');
      $('pick-message').textContent = t('crew.round.not_running');
      return;
    }
    state.sheet = body;
    state.sheetFromCache = fromCache;
    if (!fromCache) {
      // The server has these now; keep only what the fresh sheet does not show yet.
      const shown = body.stops.flatMap((s) => s.outcomes.map((o) => o.id));
      const weekAgo = new Date(Date.parse(`${date}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
      await store.forgetSent(shown, weekAgo);
    }
  } catch (err) {
    if (!(err instanceof Offline)) throw err;
    if (!same) {
      show('pick');
      $('pick-message').textContent = t('crew.round.not_saved');
      return;
    }
  }
  await refreshQueue();
  show('round');
  render();
  if (!same) $('round-title').focus();
}

function route() {
  if (!state.signedIn) return showSignIn();
  const match = /^#\/round\/([^/]+)\/(\d{4}-\d{2}-\d{2})$/.exec(location.hash);
  if (match) return void openRound(decodeURIComponent(match[1]), match[2]);
  const day = /^#\/day\/(\d{4}-\d{2}-\d{2})$/.exec(location.hash);
  state.sheet = undefined;
  return void openPick(day?.[1]);
}

// ---- actions -------------------------------------------------------------------------------------

/** Re-encodes a photo upright as a JPEG of at most 1600 px (which also drops its metadata on the phone). */
async function preparePhoto(file: File): Promise<Blob> {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    if (blob) return blob;
  } catch {
    // Not decodable here: send it as it is and let the server decide.
  }
  return file;
}

async function record(outcome: string) {
  const sheet = state.sheet;
  const stop = sheet && currentStop(sheet);
  if (!sheet || !stop) return;
  const note = $<HTMLTextAreaElement>('note').value.trim();
  const file = $<HTMLInputElement>('photo').files?.[0];
  const event: CrewEvent = {
    id: crypto.randomUUID(),
    uprn: stop.uprn,
    service: sheet.round.service.id,
    date: sheet.date,
    outcome,
    recordedAt: new Date().toISOString(),
  };
  if (note) event.note = note.slice(0, 2000);
  let photo: { id: string; blob: Blob } | undefined;
  if (file) {
    const blob = await preparePhoto(file);
    if (blob.size <= MAX_PHOTO_BYTES) {
      photo = { id: crypto.randomUUID(), blob };
      event.photo = photo.id;
    } else {
      $('photo-message').textContent = t('crew.stop.photo_too_big');
    }
  }
  const seq = await store.enqueue({ kind: 'event', round: sheet.round.id, event }, photo);
  state.lastTap = { seq, uprn: stop.uprn, text: t('crew.tapped', { outcome: outcomeLabel(outcome), address: stop.address }) };
  setTimeout(() => {
    if (state.lastTap?.seq !== seq) return;
    state.lastTap = undefined;
    render();
    sender.kick(0);
  }, UNDO_HOLD_MS);
  $<HTMLTextAreaElement>('note').value = '';
  $<HTMLInputElement>('photo').value = '';
  state.selected = undefined;
  await refreshQueue();
  render();
  sender.kick();
}

async function undo() {
  const tap = state.lastTap;
  if (!tap || sender.inFlight.has(tap.seq)) return;
  state.lastTap = undefined;
  const withdrawn = await store.withdraw(tap.seq);
  state.selected = tap.uprn;
  state.message = withdrawn ? t('crew.undone') : t('crew.already_sent');
  setTimeout(() => ((state.message = ''), renderQueue()), 4000);
  await refreshQueue();
  render();
  $('stop-title').focus();
}

async function setRun(status: 'in_progress' | 'completed') {
  const sheet = state.sheet;
  if (!sheet) return;
  state.confirmFinish = false;
  await store.enqueue({ kind: 'run', run: { round: sheet.round.id, date: sheet.date, status } });
  await refreshQueue();
  render();
  sender.kick(0);
}

async function resolveVisit(reference: string) {
  const sheet = state.sheet;
  if (!sheet) return;
  await store.enqueue({ kind: 'resolve', round: sheet.round.id, date: sheet.date, reference });
  state.resolved.add(reference);
  localStorage.setItem(RESOLVED, JSON.stringify([...state.resolved].slice(-200)));
  await refreshQueue();
  render();
  sender.kick(0);
}

function selectStop(uprn: string) {
  state.selected = uprn;
  render();
  $('stop').scrollIntoView({ block: 'start' });
  $('stop-title').focus();
}

async function signIn(event: SubmitEvent) {
  event.preventDefault();
  const email = $<HTMLInputElement>('email').value;
  const password = $<HTMLInputElement>('password').value;
  let res: Response;
  try {
    res = await fetch('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
      credentials: 'same-origin',
    });
  } catch {
    return showSignIn(t('crew.sign_in.no_signal'));
  }
  if (res.status !== 204) {
    const message =
      res.status === 429 ? t('crew.sign_in.too_many') : res.status === 401 ? t('crew.sign_in.wrong') : t('crew.sign_in.failed');
    showSignIn(message);
    $('sign-in-error').focus();
    return;
  }
  $<HTMLInputElement>('password').value = '';
  const me = await fetch('/api/v1/auth/me', { credentials: 'same-origin', cache: 'no-store' }).then((r) => r.json()).catch(() => ({}));
  if (followCouncil((me as { languages?: string[] }).languages)) return;
  state.signedIn = true;
  state.email = email.trim().toLowerCase();
  localStorage.setItem('kerbside-crew-email', state.email);
  localStorage.setItem(SIGNED_IN, '1');
  sender.resume();
  route();
}

async function signOut() {
  await refreshQueue();
  if (state.queue.length) {
    state.message = t('crew.queue.sign_out_waiting');
    renderQueue();
    return;
  }
  await fetch('/api/v1/auth/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', credentials: 'same-origin' }).catch(() => {});
  if ('caches' in window) await caches.delete(DATA_CACHE);
  localStorage.removeItem(SIGNED_IN);
  state.signedIn = false;
  state.sheet = undefined;
  location.hash = '';
  showSignIn();
}

// ---- start ---------------------------------------------------------------------------------------

async function start() {
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/crew/sw.js', { scope: '/crew/' }).catch(() => {});
  setOnline(navigator.onLine);

  $('sign-in-form').addEventListener('submit', (e) => void signIn(e as SubmitEvent));
  $('sign-out').addEventListener('click', () => void signOut());
  $('pick-form').addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = `#/day/${$<HTMLInputElement>('pick-date').value}`;
  });
  $('outcomes').addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLElement>('[data-outcome]');
    if (button) void record(button.dataset.outcome!);
  });
  $('stop-visits').addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLElement>('[data-resolve]');
    if (button) void resolveVisit(button.dataset.resolve!);
  });
  $('stops').addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLElement>('[data-uprn]');
    if (button) selectStop(button.dataset.uprn!);
  });
  $('undo-button').addEventListener('click', () => void undo());
  $('run-start').addEventListener('click', () => void setRun('in_progress'));
  $('run-finish').addEventListener('click', () => {
    const sheet = state.sheet;
    if (sheet && sheet.stops.some((s) => !latest(s, sheet))) {
      state.confirmFinish = true;
      render();
      $('run-confirm-yes').focus();
    } else void setRun('completed');
  });
  $('run-confirm-yes').addEventListener('click', () => void setRun('completed'));
  $('run-confirm-no').addEventListener('click', () => {
    state.confirmFinish = false;
    render();
  });
  window.addEventListener('hashchange', route);
  window.addEventListener('online', () => {
    setOnline(true);
    sender.resume();
    if (state.sheet) void openRound(state.sheet.round.id, state.sheet.date);
  });
  window.addEventListener('offline', () => {
    setOnline(false);
    renderQueue();
  });
  document.addEventListener('visibilitychange', () => {
    // Nobody can tap Undo on a hidden page: let the held tap go.
    if (document.visibilityState === 'hidden' && state.lastTap) {
      state.lastTap = undefined;
      void sender.flush();
    }
  });

  try {
    const me = await fetch('/api/v1/auth/me', { credentials: 'same-origin', cache: 'no-store' });
    setOnline(true);
    state.signedIn = me.status === 200;
    if (state.signedIn) {
      const who = (await me.json().catch(() => ({}))) as { email?: string; languages?: string[] };
      state.email = who.email ?? '';
      localStorage.setItem('kerbside-crew-email', state.email);
      if (followCouncil(who.languages)) return;
    }
    if (state.signedIn) localStorage.setItem(SIGNED_IN, '1');
    else localStorage.removeItem(SIGNED_IN);
  } catch {
    setOnline(false);
    state.signedIn = localStorage.getItem(SIGNED_IN) === '1';
  }
  await refreshQueue();
  route();
  if (state.signedIn) sender.kick(0);
}

void start();
