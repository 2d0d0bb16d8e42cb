/**
 * Reads a JSON object `{ "key": value, … }` from a byte stream without holding it whole: the
 * elements of the arrays under `streamKeys` come out in batches (each batch parsed by ONE
 * `JSON.parse`, so numbers and strings mean exactly what they mean to `JSON.parse`); every other
 * top-level value comes out whole. Only the top level is scanned by hand: structural bytes are
 * ASCII and never occur inside a UTF-8 multi-byte sequence, so scanning bytes is safe.
 */

export type JsonStreamEvent =
  | { type: 'value'; key: string; value: unknown }
  | { type: 'array'; key: string }
  | { type: 'items'; key: string; offset: number; items: unknown[] };

export class JsonStreamError extends Error {
  /** The document is valid so far but not an object (an array, a number…): read it whole instead. */
  constructor(message: string, readonly notAnObject = false) {
    super(message);
  }
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const COMMA = 0x2c, COLON = 0x3a, QUOTE = 0x22, BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b, CLOSE_OBJ = 0x7d, OPEN_ARR = 0x5b, CLOSE_ARR = 0x5d;
const decoder = new TextDecoder('utf-8', { fatal: true });

function concat(parts: Uint8Array[], separator?: number, wrap?: [number, number]): Uint8Array {
  let size = wrap ? 2 : 0;
  for (const p of parts) size += p.length;
  if (separator !== undefined && parts.length > 1) size += parts.length - 1;
  const out = new Uint8Array(size);
  let at = 0;
  if (wrap) out[at++] = wrap[0];
  parts.forEach((p, i) => {
    if (i && separator !== undefined) out[at++] = separator;
    out.set(p, at);
    at += p.length;
  });
  if (wrap) out[at++] = wrap[1];
  return out;
}

const parse = (bytes: Uint8Array, what: string): unknown => {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch (err) {
    throw new JsonStreamError(`invalid JSON in ${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
};

/** `batch` elements per JSON.parse: fewer calls, yet a batch stays a few hundred kB. */
export async function* streamJsonObject(
  chunks: AsyncIterable<Uint8Array>,
  streamKeys: ReadonlySet<string>,
  batch = 2000,
): AsyncGenerator<JsonStreamEvent> {
  // States: 0 before `{`; 1 expecting a key or `}`; 2 inside a key; 3 expecting `:`; 4 expecting a value;
  // 5 inside a value (raw capture); 6 after a value (`,` or `}`); 7 in a streamed array, expecting an element or `]`;
  // 8 done.
  let state = 0;
  let key = '';
  let streaming = false; // the value being captured is an element of a streamed array
  let parts: Uint8Array[] = []; // bytes of the value being captured, across chunks
  let depth = 0, inString = false, escaped = false;
  let items: Uint8Array[] = [];
  let offset = 0;
  let sawComma = false; // a `,` was read in state 1 or 7 (so `]`/`}` there is a trailing comma)
  const seen = new Set<string>();
  const out: JsonStreamEvent[] = [];

  const flush = () => {
    if (!items.length) return;
    const list = parse(concat(items, COMMA, [OPEN_ARR, CLOSE_ARR]), `"${key}" near element ${offset}`) as unknown[];
    out.push({ type: 'items', key, offset, items: list });
    offset += list.length;
    items = [];
  };

  for await (const chunk of chunks) {
    // Where the current capture (a key or a value) began in this chunk: a capture left open by the
    // last chunk goes on from this one's first byte.
    let start = state === 2 || state === 5 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      switch (state) {
        case 0:
          if (WS.has(b)) continue;
          if (b !== OPEN_OBJ) throw new JsonStreamError('the bundle must be a JSON object', true);
          state = 1;
          continue;
        case 1:
          if (WS.has(b)) continue;
          if (b === QUOTE) {
            state = 2; start = i; escaped = false; parts = [];
            continue;
          }
          if (b === CLOSE_OBJ && !sawComma && !seen.size) { state = 8; continue; }
          throw new JsonStreamError(`invalid JSON: expected a key at byte ${i}`);
        case 2:
          if (escaped) { escaped = false; continue; }
          if (b === BACKSLASH) { escaped = true; continue; }
          if (b === QUOTE) {
            parts.push(chunk.subarray(start, i + 1));
            key = parse(concat(parts), 'a key') as string;
            if (seen.has(key)) throw new JsonStreamError(`the bundle has "${key}" twice`);
            seen.add(key);
            start = -1; state = 3;
          }
          continue;
        case 3:
          if (WS.has(b)) continue;
          if (b !== COLON) throw new JsonStreamError(`invalid JSON: expected ":" after "${key}"`);
          state = 4;
          continue;
        case 4:
          if (WS.has(b)) continue;
          if (b === OPEN_ARR && streamKeys.has(key)) {
            out.push({ type: 'array', key });
            state = 7; offset = 0; sawComma = false;
            continue;
          }
          streaming = false; state = 5; start = i; parts = []; depth = 0; inString = false; escaped = false;
          i--; // re-read this byte as the first of the value
          continue;
        case 5:
          if (inString) {
            if (escaped) escaped = false;
            else if (b === BACKSLASH) escaped = true;
            else if (b === QUOTE) inString = false;
            continue;
          }
          if (b === QUOTE) { inString = true; continue; }
          if (b === OPEN_OBJ || b === OPEN_ARR) { depth++; continue; }
          if ((b === CLOSE_OBJ || b === CLOSE_ARR) && depth > 0) { depth--; continue; }
          if (depth === 0 && (b === COMMA || b === CLOSE_OBJ || b === CLOSE_ARR)) {
            parts.push(chunk.subarray(start, i));
            start = -1;
            const bytes = concat(parts);
            if (streaming) {
              items.push(bytes);
              if (items.length >= batch) flush();
              if (b === COMMA) { state = 7; sawComma = true; }
              else if (b === CLOSE_ARR) { flush(); state = 6; }
              else throw new JsonStreamError(`invalid JSON in "${key}" near element ${offset + items.length}`);
            } else {
              out.push({ type: 'value', key, value: parse(bytes, `"${key}"`) });
              if (b === COMMA) { state = 1; sawComma = true; }
              else if (b === CLOSE_OBJ) state = 8;
              else throw new JsonStreamError(`invalid JSON in "${key}"`);
            }
          }
          continue;
        case 6:
          if (WS.has(b)) continue;
          if (b === COMMA) { state = 1; sawComma = true; continue; }
          if (b === CLOSE_OBJ) { state = 8; continue; }
          throw new JsonStreamError(`invalid JSON after "${key}"`);
        case 7:
          if (WS.has(b)) continue;
          if (b === CLOSE_ARR && !sawComma) { flush(); state = 6; continue; }
          streaming = true; state = 5; start = i; parts = []; depth = 0; inString = false; escaped = false; sawComma = false;
          i--;
          continue;
        case 8:
          if (WS.has(b)) continue;
          throw new JsonStreamError('invalid JSON: text after the bundle');
      }
    }
    if (start >= 0) parts.push(chunk.subarray(start));
    for (const e of out) yield e;
    out.length = 0;
  }
  if (state !== 8) throw new JsonStreamError('invalid JSON: the bundle ends early');
}
