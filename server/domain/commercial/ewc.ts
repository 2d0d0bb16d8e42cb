/**
 * List of Waste (European Waste Catalogue) codes used on commercial collections, with the plain
 * description, physical form and a density used for estimated weights (waste tracking asks for an
 * estimate when nothing is weighed). Densities are typical loose bulk densities, kg per litre.
 */
export interface EwcEntry {
  code: string;
  description: string;
  physicalForm: 'Solid' | 'Liquid' | 'Sludge' | 'Mixed';
  hazardous: boolean;
  kgPerLitre: number;
}

export const EWC_CODES: Record<string, EwcEntry> = Object.fromEntries(
  ([
    ['20 03 01', 'Mixed municipal waste', 0.1],
    ['15 01 06', 'Mixed packaging', 0.06],
    ['20 01 08', 'Biodegradable kitchen and canteen waste', 0.5],
    ['15 01 07', 'Glass packaging', 0.3],
    ['20 01 01', 'Paper and cardboard', 0.06],
    ['15 01 01', 'Paper and cardboard packaging', 0.05],
    ['15 01 02', 'Plastic packaging', 0.03],
    ['15 01 04', 'Metallic packaging', 0.04],
    ['20 01 02', 'Glass', 0.3],
    ['20 01 39', 'Plastics', 0.03],
    ['20 01 40', 'Metals', 0.05],
    ['20 02 01', 'Biodegradable waste (garden)', 0.2],
    ['20 03 07', 'Bulky waste', 0.15],
  ] as const).map(([code, description, kgPerLitre]) => [
    code,
    { code, description, physicalForm: 'Solid', hazardous: false, kgPerLitre },
  ]),
);

/** Shape of a List of Waste code: "20 03 01", a trailing "*" marks hazardous entries. */
export const isEwcCode = (code: string): boolean => /^\d{2} \d{2} \d{2}\*?$/.test(code);

export const describeEwc = (code: string): string => EWC_CODES[code]?.description ?? `EWC ${code}`;

/** Litres from a container description such as "1100L bin" or "240 litre wheelie bin"; null when absent. */
export function containerLitres(container: string): number | null {
  const m = /(\d{2,5})\s*(?:l\b|litre|liter)/i.exec(container);
  return m ? Number(m[1]) : null;
}

/**
 * Estimated kilograms per lift: container litres × the code's density (0.1 kg/L when the code is not
 * in the table). Null when the container size cannot be read.
 */
export function estimatedKgPerLift(ewcCode: string, container: string): number | null {
  const litres = containerLitres(container);
  if (litres === null) return null;
  const density = EWC_CODES[ewcCode]?.kgPerLitre ?? 0.1;
  return Math.round(litres * density * 10) / 10;
}
