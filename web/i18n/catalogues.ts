/**
 * The catalogues, joined: `en.json`/`cy.json` hold the pages that came first; each later capability
 * keeps its messages in its own pair under `areas/` (`areas/<area>.en.json`, `areas/<area>.cy.json`)
 * so that work on one capability never edits another's file. To add an area: import its pair below
 * and list it in `AREAS`. Keys are prefixed by their area and unique across areas (the i18n test
 * fails on a key in two files: the later one would silently win).
 */
import cyCore from './cy.json' with { type: 'json' };
import enCore from './en.json' with { type: 'json' };
import accountCy from './areas/account.cy.json' with { type: 'json' };
import accountEn from './areas/account.en.json' with { type: 'json' };
import crewCy from './areas/crew.cy.json' with { type: 'json' };
import crewEn from './areas/crew.en.json' with { type: 'json' };
import transferNoteCy from './areas/transfer-note.cy.json' with { type: 'json' };
import transferNoteEn from './areas/transfer-note.en.json' with { type: 'json' };

/** A catalogue as JSON gives it: a message is a string or an object of plural forms. */
type Messages = Record<string, string | { other: string }>;

/** Every area's pair, in join order. */
export const AREAS = [
  { name: 'core', en: enCore, cy: cyCore as Messages },
  { name: 'crew', en: crewEn, cy: crewCy as Messages },
  { name: 'transfer_note', en: transferNoteEn, cy: transferNoteCy as Messages },
  { name: 'account', en: accountEn, cy: accountCy as Messages },
];

export const en = { ...enCore, ...crewEn, ...transferNoteEn, ...accountEn };
export const cy: Messages = Object.assign({}, ...AREAS.map((a) => a.cy));
