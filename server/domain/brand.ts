/**
 * A council's brand colour as a small stylesheet. The header carries white text, so a colour that
 * would not give WCAG AA contrast (4.5:1) against white is not used: the page keeps Kerbside's own.
 */

const HEX = /^#[0-9a-fA-F]{6}$/;

const channel = (v: number) => {
  const s = v / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};

/** WCAG relative luminance of `#rrggbb`. */
export function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** Contrast ratio of white text on `hex`. */
export const contrastWithWhite = (hex: string) => 1.05 / (luminance(hex) + 0.05);

/** The colour darkened by `amount` (0–1), for hover and borders. */
export function darken(hex: string, amount: number): string {
  const n = parseInt(hex.slice(1), 16);
  const part = (shift: number) => Math.round(((n >> shift) & 255) * (1 - amount)).toString(16).padStart(2, '0');
  return `#${part(16)}${part(8)}${part(0)}`;
}

/** CSS overriding the brand variables, or '' when the colour is malformed or too light for white text. */
export function brandStylesheet(colour: string | null | undefined): string {
  if (!colour || !HEX.test(colour) || contrastWithWhite(colour) < 4.5) return '';
  const c = colour.toLowerCase();
  return `:root{--kb-brand:${c};--kb-brand-dark:${darken(c, 0.3)}}\n`;
}
