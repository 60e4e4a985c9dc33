//! Colour arithmetic for layout and theme specs: parse computed CSS colours, relative luminance,
//! WCAG contrast and a perceptual distance (CIE76 ΔE), so tests assert styles, never pixels.

export type Rgba = { r: number; g: number; b: number; a: number };

/** Parses what `getComputedStyle` returns for a colour: `rgb(r, g, b)` or `rgba(r, g, b, a)`. */
export function parseColor(css: string): Rgba {
  const match = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(css.trim());
  if (!match) throw new Error(`Not an rgb() colour: ${css}`);
  const alpha = match[4] === undefined ? 1 : match[4].endsWith('%') ? Number.parseFloat(match[4]) / 100 : Number(match[4]);
  return { r: Number(match[1]), g: Number(match[2]), b: Number(match[3]), a: alpha };
}

function linear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance, 0 (black) to 1 (white). */
export function luminance(css: string): number {
  const { r, g, b } = parseColor(css);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG contrast ratio between two opaque colours, 1 to 21. */
export function contrast(first: string, second: string): number {
  const [light, dark] = [luminance(first), luminance(second)].toSorted((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const labCurve = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);

function lab(css: string): [number, number, number] {
  const { r, g, b } = parseColor(css);
  const [lr, lg, lb] = [linear(r), linear(g), linear(b)];
  // sRGB → XYZ (D65), normalised by the white point.
  const x = (0.4124 * lr + 0.3576 * lg + 0.1805 * lb) / 0.95047;
  const y = 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
  const z = (0.0193 * lr + 0.1192 * lg + 0.9505 * lb) / 1.08883;
  return [116 * labCurve(y) - 16, 500 * (labCurve(x) - labCurve(y)), 200 * (labCurve(y) - labCurve(z))];
}

/** CIE76 colour difference: about 2 is barely visible, over 20 reads as a different colour. */
export function deltaE(first: string, second: string): number {
  const [l1, a1, b1] = lab(first);
  const [l2, a2, b2] = lab(second);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}

/** The smallest ΔE between any two of `colors`, with the pair, for a readable failure. */
export function closestPair(colors: Record<string, string>): { pair: string; distance: number } {
  const names = Object.keys(colors);
  let best = { pair: '', distance: Number.POSITIVE_INFINITY };
  for (const [index, first] of names.entries()) {
    for (const second of names.slice(index + 1)) {
      const distance = deltaE(colors[first] ?? '', colors[second] ?? '');
      if (distance < best.distance) best = { pair: `${first}/${second}`, distance };
    }
  }
  return best;
}
