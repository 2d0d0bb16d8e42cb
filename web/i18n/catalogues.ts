/**
 * The catalogues, joined: `en.json`/`cy.json` hold the pages that came first; each later capability
 * keeps its messages in its own pair under `areas/` (`areas/<area>.en.json`, `areas/<area>.cy.json`)
 * so that work on one capability never edits another's file. To add an area: import its pair below
 * and list it in `AREAS`. Keys are prefixed by their area and unique across areas (the i18n test
 * fails on a key in two files: the later one would silently win).
 */
import cyCore from './cy.json' with { type: 'json' };
import enCore from './en.json' with { type: 'json' };
import cyGarden from './areas/garden.cy.json' with { type: 'json' };
import enGarden from './areas/garden.en.json' with { type: 'json' };
import cyPay from './areas/pay.cy.json' with { type: 'json' };
import enPay from './areas/pay.en.json' with { type: 'json' };
import cyContainers from './areas/containers.cy.json' with { type: 'json' };
import enContainers from './areas/containers.en.json' with { type: 'json' };
import cyBulky from './areas/bulky.cy.json' with { type: 'json' };
import enBulky from './areas/bulky.en.json' with { type: 'json' };
import alertsCy from './areas/alerts.cy.json' with { type: 'json' };
import alertsEn from './areas/alerts.en.json' with { type: 'json' };
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
  { name: 'pay', en: enPay, cy: cyPay as Messages },
  { name: 'containers', en: enContainers, cy: cyContainers as Messages },
  { name: 'garden', en: enGarden, cy: cyGarden as Messages },
  { name: 'bulky', en: enBulky, cy: cyBulky as Messages },
  { name: 'alerts', en: alertsEn, cy: alertsCy as Messages },
  { name: 'crew', en: crewEn, cy: crewCy as Messages },
  { name: 'transfer_note', en: transferNoteEn, cy: transferNoteCy as Messages },
  { name: 'account', en: accountEn, cy: accountCy as Messages },
];

export const en = { ...enCore, ...enPay, ...enContainers, ...enGarden, ...enBulky, ...alertsEn, ...crewEn, ...transferNoteEn, ...accountEn };
export const cy: Messages = Object.assign({}, ...AREAS.map((a) => a.cy));
