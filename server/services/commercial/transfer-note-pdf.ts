/**
 * The printable PDF of a transfer note (pdf-lib), in the note reader's language (DESIGN.md
 * "Languages"): labels and fixed wording from the catalogue (`transfer_note.*`, the same rows as the
 * HTML copy). pdf-lib's standard fonts are WinAnsi only and cannot draw Welsh ŵ and ŷ, so the note
 * embeds DejaVu Sans (web/static/fonts/, Bitstream Vera licence beside it) through fontkit, subset
 * to the characters used. A character the font lacks would still throw, so text is filtered to what
 * the font has.
 */
import fontkit from '@pdf-lib/fontkit';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { transferNoteRows } from '../../domain/commercial/transfer-note.ts';
import { longDate } from '../../../web/i18n/dates.ts';
import { translator, type Lang } from '../../../web/i18n/index.ts';
import type { TransferNote } from './transfer-notes.ts';

const FONTS = resolve(import.meta.dir, '../../../web/static/fonts');
let fontBytes: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;
/** The two font files, read once per process. */
const loadFonts = () =>
  (fontBytes ??= Promise.all([readFile(resolve(FONTS, 'DejaVuSans.ttf')), readFile(resolve(FONTS, 'DejaVuSans-Bold.ttf'))]).then(
    ([regular, bold]) => ({ regular: new Uint8Array(regular), bold: new Uint8Array(bold) }),
  ));

/** `text` with every character the font cannot draw replaced by "?". */
function drawable(font: PDFFont, text: string): string {
  const has = new Set(font.getCharacterSet());
  return Array.from(text, (ch) => (ch === '\n' || has.has(ch.codePointAt(0)!) ? ch : '?')).join('');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  for (const para of drawable(font, text).split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
      else {
        out.push(line);
        line = word;
      }
    }
    out.push(line);
  }
  return out;
}

export async function transferNotePdf(note: TransferNote, councilName: string, lang: Lang = 'en'): Promise<Uint8Array> {
  const t = translator(lang);
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(t('transfer_note.pdf_title', { id: note.id, reference: note.contractReference }));
  doc.setAuthor(councilName);
  doc.setSubject(t('transfer_note.pdf_subject'));
  doc.setLanguage(lang === 'cy' ? 'cy-GB' : 'en-GB');
  doc.setCreationDate(note.createdAt);
  doc.setModificationDate(note.createdAt);
  const bytes = await loadFonts();
  const font = await doc.embedFont(bytes.regular, { subset: true });
  const bold = await doc.embedFont(bytes.bold, { subset: true });
  const margin = 50;
  let page: PDFPage = doc.addPage([595.28, 841.89]);
  let y = page.getHeight() - margin;
  const labelWidth = 170;
  const valueWidth = page.getWidth() - margin * 2 - labelWidth;

  const ensure = (needed: number) => {
    if (y - needed < margin) {
      page = doc.addPage([595.28, 841.89]);
      y = page.getHeight() - margin;
    }
  };
  const heading = (text: string, size = 14) => {
    ensure(size + 10);
    page.drawText(drawable(bold, text), { x: margin, y: y - size, size, font: bold, color: rgb(0.04, 0.05, 0.05) });
    y -= size + 10;
  };
  const row = (label: string, value: string) => {
    const size = 10;
    const labels = wrap(label, bold, size, labelWidth - 10);
    const values = wrap(value, font, size, valueWidth);
    const lines = Math.max(labels.length, values.length);
    ensure(lines * (size + 3) + 4);
    labels.forEach((l, i) => page.drawText(l, { x: margin, y: y - size - i * (size + 3), size, font: bold }));
    values.forEach((l, i) => page.drawText(l, { x: margin + labelWidth, y: y - size - i * (size + 3), size, font }));
    y -= lines * (size + 3) + 4;
  };
  const signature = (by: string | null, role: string | null, at: Date | null) =>
    by && at ? t('transfer_note.signed', { name: by, role: role ?? '', at: at.toISOString() }) : t('transfer_note.not_signed');

  heading(t('transfer_note.heading'), 16);
  row(t('transfer_note.number'), String(note.id));
  for (const [label, value] of transferNoteRows(note.fields, lang)) row(label, value);
  y -= 6;
  heading(t('transfer_note.signatures'), 12);
  row(t('transfer_note.transferor'), signature(note.transferorSignedBy, note.transferorRole, note.transferorSignedAt));
  row(t('transfer_note.transferee'), signature(note.transfereeSignedBy, note.transfereeRole, note.transfereeSignedAt));
  y -= 6;
  heading(t('transfer_note.schedule'), 12);
  const schedule = note.fields.schedule;
  if (!schedule.length) row(t('transfer_note.transfers'), t('transfer_note.none_scheduled'));
  for (const s of schedule) row(longDate(lang, s.date, true), s.services.join(', '));
  return doc.save();
}
