/**
 * The round's list of stops. Built once per round; after that each render touches only the stops
 * whose line changed (a tap changes one or two), so a 500-stop round stays quick to work.
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

export class StopList {
  private key = '';
  private lines = new Map<string, { button: HTMLElement; state: HTMLElement; sig: string }>();

  constructor(private el: HTMLElement) {}

  show(key: string, lines: StopLine[]): void {
    if (key !== this.key) {
      this.key = key;
      this.lines.clear();
      this.el.replaceChildren(...lines.map((line) => this.build(line)));
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
