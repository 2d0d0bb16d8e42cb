/**
 * The round's list of stops. Built once per round; after that each render touches only the stops
 * whose line changed (a tap changes one or two), so a 500-stop round stays quick to work.
 * The first lines are built at once and the rest in small batches on later tasks, so opening a
 * long round never blocks the page for long (the list sits below the stop card anyway).
 */
import { h } from './model.ts';

export interface StopLine {
  uprn: string;
  sequence: number;
  label: string;
  /** The state column: the latest outcome, or "To do". */
  state: string;
  done: boolean;
  current: boolean;
}

/** Lines built with the round, then per later task. */
const FIRST_LINES = 40;
const LINES_PER_TASK = 80;

export class StopList {
  private key = '';
  private lines = new Map<string, { button: HTMLElement; state: HTMLElement; sig: string }>();
  /** The newest lines asked for: batches still to build read these, never an older render's. */
  private latest: StopLine[] = [];
  private built = 0;

  constructor(private el: HTMLElement) {}

  show(key: string, lines: StopLine[]): void {
    this.latest = lines;
    if (key !== this.key) {
      this.key = key;
      this.lines.clear();
      this.built = 0;
      this.el.replaceChildren();
      this.buildMore(FIRST_LINES);
      this.scheduleRest();
      return;
    }
    for (const line of lines) {
      const known = this.lines.get(line.uprn);
      if (!known) continue;
      const sig = `${line.state}|${line.done}|${line.current}`;
      if (known.sig === sig) continue;
      known.sig = sig;
      known.state.textContent = line.state;
      known.button.className = line.done ? 'done' : '';
      if (line.current) known.button.setAttribute('aria-current', 'step');
      else known.button.removeAttribute('aria-current');
    }
  }

  private buildMore(count: number): void {
    const end = Math.min(this.latest.length, this.built + count);
    const items: HTMLElement[] = [];
    for (let i = this.built; i < end; i++) items.push(this.build(this.latest[i]));
    this.el.append(...items);
    this.built = end;
  }

  private scheduleRest(): void {
    if (this.built >= this.latest.length) return;
    const key = this.key;
    setTimeout(() => {
      if (key !== this.key) return; // another round was opened meanwhile
      this.buildMore(LINES_PER_TASK);
      this.scheduleRest();
    }, 0);
  }

  private build(line: StopLine): HTMLElement {
    const state = h('span', { class: 'state' }, line.state);
    const button = h(
      'button',
      { type: 'button', class: line.done ? 'done' : '', 'data-uprn': line.uprn, 'aria-current': line.current ? 'step' : undefined },
      h('span', { class: 'seq' }, String(line.sequence)),
      h('span', { class: 'what' }, line.label),
      state,
    );
    this.lines.set(line.uprn, { button, state, sig: `${line.state}|${line.done}|${line.current}` });
    return h('li', {}, button);
  }
}
