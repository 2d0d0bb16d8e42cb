/**
 * Transfer note PDFs in Welsh and English: labels from the catalogue, Welsh letters pdf-lib's
 * standard fonts cannot draw (ŵ, ŷ) drawn with the embedded DejaVu Sans, and the file parses; the
 * EWC waste descriptions in the note's language (the code unchanged), on the PDF and the HTML rows.
 */
import { expect, test } from 'bun:test';
import { PDFDocument } from 'pdf-lib';
import { EWC_CODES } from '../../server/domain/commercial/ewc.ts';
import { buildTransferNoteFields, ewcDescription, transferNoteRows } from '../../server/domain/commercial/transfer-note.ts';
import { transferNotePdf } from '../../server/services/commercial/transfer-note-pdf.ts';
import type { TransferNote } from '../../server/services/commercial/transfer-notes.ts';
import { pdfText } from '../support/pdf-text.ts';

const fields = buildTransferNoteFields({
  contract: { reference: 'CW-TD-0001' },
  period: { start: '2026-09-01', end: '2027-08-31' },
  customer: { name: 'Caffi’r Tŵr', address: '1 Stryd y Bŷd, Trefdemo', companyNumber: null, sic: '56102' },
  council: { name: 'Cyngor Demo', address: 'Neuadd y Sir, Trefdemo' },
  carrierRegistration: 'CBDU999999',
  site: { uprn: 10001, address: '1 Stryd y Bŷd', postcode: 'SY23 1AA' },
  lines: [{ service: 'trade-food', serviceName: 'Gwastraff bwyd masnach', ewcCode: '20 01 08', container: 'Bin bwyd 140L', quantity: 2, frequency: 'Bob dydd Llun' }],
  schedule: [{ date: '2026-09-07', service: 'trade-food' }],
});
const note: TransferNote = {
  id: 7, councilId: 1, contractReference: 'CW-TD-0001', periodStart: '2026-09-01', periodEnd: '2027-08-31', fields,
  transferorSignedBy: 'Siân Ŵyn', transferorRole: 'Perchennog', transferorSignedAt: new Date('2026-09-02T10:00:00Z'),
  transfereeSignedBy: null, transfereeRole: null, transfereeSignedAt: null, createdAt: new Date('2026-09-01T09:00:00Z'),
};

test('a Welsh transfer note PDF is in Welsh, ŵ and ŷ included', async () => {
  const bytes = await transferNotePdf(note, 'Cyngor Demo', 'cy');
  const doc = await PDFDocument.load(bytes);
  expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
  expect(doc.getTitle()).toBe('Nodyn trosglwyddo gwastraff 7 - CW-TD-0001');
  const text = await pdfText(bytes);
  for (const s of ['Nodyn trosglwyddo gwastraff (dyletswydd gofal)', 'Derbynnydd (cludydd)', 'Caffi’r Tŵr, 1 Stryd y Bŷd',
    'Ddim yn gwmni cofrestredig', 'Datganiad hierarchaeth', 'Reoliadau Gwastraff (Cymru a Lloegr)', 'Siân Ŵyn, Perchennog', 'Heb ei lofnodi eto',
    'Dydd Llun 7 Medi 2026', '2 gynhwysydd bob casgliad']) {
    expect(text).toContain(s);
  }
  // Long values wrap onto the next line: read them with the line breaks as spaces.
  const flat = text.replace(/\s+/g, ' ');
  expect(flat).toContain('Gwastraff: disgrifiad Gwastraff bioddiraddadwy o geginau a ffreuturau (Gwastraff bwyd masnach)');
  expect(flat).toContain('Gwastraff: cod EWC 20 01 08');
  expect(text).not.toContain('Transferor');
  expect(text).not.toContain('Biodegradable');
});

test('the HTML copy’s rows carry the Welsh EWC description too; English notes keep the English', () => {
  const row = (lang: 'en' | 'cy') => Object.fromEntries(transferNoteRows(fields, lang));
  expect(row('cy')['Gwastraff: disgrifiad']).toBe('Gwastraff bioddiraddadwy o geginau a ffreuturau (Gwastraff bwyd masnach)');
  expect(row('cy')['Gwastraff: cod EWC']).toBe('20 01 08');
  expect(row('en')['Waste: description']).toBe('Biodegradable kitchen and canteen waste (Gwastraff bwyd masnach)');
  // A description an officer wrote differently is theirs: printed as stored in either language.
  const own = { ...fields, waste: [{ ...fields.waste[0], description: 'Coffee grounds' }] };
  expect(Object.fromEntries(transferNoteRows(own, 'cy'))['Gwastraff: disgrifiad']).toBe('Coffee grounds');
});

test('every EWC code Kerbside lists has a Welsh description; other codes keep the English fallback', () => {
  for (const [code, entry] of Object.entries(EWC_CODES)) {
    expect(`${code}: ${ewcDescription(code, 'en')}`).toBe(`${code}: ${entry.description}`);
    expect(`${code}: ${ewcDescription(code, 'cy')}`).not.toBe(`${code}: ${entry.description}`);
  }
  expect(ewcDescription('20 03 01', 'cy')).toBe('Gwastraff trefol cymysg');
  expect(ewcDescription('16 06 01*', 'cy')).toBe('EWC 16 06 01*');
});

test('an English transfer note PDF still reads in English', async () => {
  const bytes = await transferNotePdf(note, 'Cyngor Demo', 'en');
  const text = await pdfText(bytes);
  for (const s of ['Waste transfer note (duty of care)', 'Transferee (carrier)', 'Not a registered company', 'Waste hierarchy declaration',
    'Not yet signed', 'Monday 7 September 2026', '2 containers per collection, bob dydd llun', 'Caffi’r Tŵr']) {
    expect(text).toContain(s);
  }
  expect(text.replace(/\s+/g, ' ')).toContain('Waste: description Biodegradable kitchen and canteen waste (Gwastraff bwyd masnach)');
});
