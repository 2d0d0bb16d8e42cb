/**
 * The text drawn on every page of a PDF made by pdf-lib, one line per `Tj`: read back through each
 * font's ToUnicode map (the embedded, subset DejaVu fonts of the transfer notes draw glyph ids, not
 * characters), or as WinAnsi bytes for a standard font without one.
 */
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';

/** The ToUnicode CMap's code → text map (bfchar and bfrange entries, as pdf-lib writes them). */
function parseCMap(text: string): Map<string, string> {
  const map = new Map<string, string>();
  const utf16 = (hex: string) => String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(m[1].toUpperCase(), utf16(m[2]));
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      const [lo, hi, dst] = [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
      for (let c = lo; c <= hi; c++) map.set(c.toString(16).toUpperCase().padStart(m[1].length, '0'), String.fromCodePoint(dst + c - lo));
    }
  }
  return map;
}

export async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(bytes);
  const streamText = (s: unknown) => (s instanceof PDFRawStream ? new TextDecoder('latin1').decode(decodePDFRawStream(s).decode()) : '');
  let out = '';
  for (const page of doc.getPages()) {
    const cmaps = new Map<string, Map<string, string>>();
    const fonts = page.node.Resources()?.lookup(PDFName.of('Font'), PDFDict);
    for (const [name, ref] of fonts?.entries() ?? []) {
      const font = doc.context.lookup(ref as PDFRef, PDFDict);
      const toUnicode = font.get(PDFName.of('ToUnicode'));
      if (toUnicode) cmaps.set(name.asString(), parseCMap(streamText(doc.context.lookup(toUnicode as PDFRef))));
    }
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
    for (const s of streams) {
      let cmap: Map<string, string> | undefined;
      for (const m of streamText(s).matchAll(/(\/\S+) [\d.]+ Tf|<([0-9A-Fa-f]*)> Tj/g)) {
        if (m[1]) cmap = cmaps.get(m[1]);
        else if (cmap) out += (m[2].toUpperCase().match(/.{4}/g) ?? []).map((code) => cmap!.get(code) ?? '?').join('') + '\n';
        else out += Buffer.from(m[2], 'hex').toString('latin1') + '\n';
      }
    }
  }
  return out;
}
