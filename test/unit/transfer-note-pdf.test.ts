/**
 * Transfer note PDFs in Welsh and English: labels from the catalogue, Welsh letters pdf-lib's
 * standard fonts cannot draw (ŵ, ŷ) drawn with the embedded DejaVu Sans, and the file parses.
 */
import { expect, test } from 'bun:test';
import { PDFDocument } from 'pdf-lib';
import { buildTransferNoteFields } from '../../server/domain/commercial/transfer-note.ts';
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
  expect(text).not.toContain('Transferor');
});

test('an English transfer note PDF still reads in English', async () => {
  const bytes = await transferNotePdf(note, 'Cyngor Demo', 'en');
  const text = await pdfText(bytes);
  for (const s of ['Waste transfer note (duty of care)', 'Transferee (carrier)', 'Not a registered company', 'Waste hierarchy declaration',
    'Not yet signed', 'Monday 7 September 2026', '2 containers per collection, bob dydd llun', 'Caffi’r Tŵr']) {
    expect(text).toContain(s);
  }
});
