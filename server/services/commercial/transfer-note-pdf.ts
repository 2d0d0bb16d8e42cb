/**
 * The printable PDF of a transfer note (pdf-lib, standard Helvetica: no font files to ship).
 * Text is limited to the WinAnsi characters Helvetica can draw; anything else becomes "?".
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { transferNoteRows } from '../../domain/commercial/transfer-note.ts';
import { formatLongDate } from '../../domain/dates.ts';
import type { TransferNote } from './transfer-notes.ts';

const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
const drawable = (s: string) =>
  Array.from(s, (ch) => {
    const code = ch.codePointAt(0)!;
    return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.includes(ch) ? ch : '?';
  }).join('');

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  for (const para of drawable(text).split('\n')) {
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

const signatureText = (by: string | null, role: string | null, at: Date | null) =>
  by && at ? `${by}, ${role ?? ''}, accepted ${at.toISOString()}` : 'Not yet signed';

export async function transferNotePdf(note: TransferNote, councilName: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Waste transfer note ${note.id} - ${note.contractReference}`);
  doc.setAuthor(drawable(councilName));
  doc.setSubject('Duty of care waste transfer note (season ticket)');
  doc.setCreationDate(note.createdAt);
  doc.setModificationDate(note.createdAt);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
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
    page.drawText(drawable(text), { x: margin, y: y - size, size, font: bold, color: rgb(0.04, 0.05, 0.05) });
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

  heading('Waste transfer note (duty of care)', 16);
  row('Note number', String(note.id));
  for (const [label, value] of transferNoteRows(note.fields)) row(label, value);
  y -= 6;
  heading('Signatures', 12);
  row('Transferor (producer)', signatureText(note.transferorSignedBy, note.transferorRole, note.transferorSignedAt));
  row('Transferee (carrier)', signatureText(note.transfereeSignedBy, note.transfereeRole, note.transfereeSignedAt));
  y -= 6;
  heading('Schedule of transfers', 12);
  const schedule = note.fields.schedule;
  if (!schedule.length) row('Transfers', 'None scheduled in this period');
  for (const s of schedule) row(formatLongDate(s.date, true), s.services.join(', '));
  return doc.save();
}
