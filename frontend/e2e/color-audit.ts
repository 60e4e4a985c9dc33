//! Reads painted colours in the page: an element's text colour and the background it is actually
//! drawn on (its own composited over its ancestors'), and the same for every visible piece of text.
// The probe is serialised into the page, so its helpers must live inside it.
/* oxlint-disable unicorn/consistent-function-scoping */
import type { Locator, Page } from 'playwright-core';

export type Paint = { color: string; background: string };
export type PaintedText = Paint & { text: string; where: string };

declare global {
  interface Window {
    convotPaint?: { of: (element: Element) => Paint; texts: (root: Element) => PaintedText[] };
  }
}

/** Defines `window.convotPaint`; runs in the page, so it must stay self-contained. */
function installProbe() {
  type Layer = { r: number; g: number; b: number; a: number };
  const parse = (css: string): Layer => {
    const parts = css.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
    return { r: parts[0] ?? 0, g: parts[1] ?? 0, b: parts[2] ?? 0, a: parts[3] ?? 1 };
  };
  const format = (layer: Layer) => `rgb(${Math.round(layer.r)}, ${Math.round(layer.g)}, ${Math.round(layer.b)})`;
  const backgroundOf = (element: Element): Layer => {
    const layers: Layer[] = [];
    for (let node: Element | null = element; node; node = node.parentElement) {
      const layer = parse(getComputedStyle(node).backgroundColor);
      if (layer.a > 0) layers.push(layer);
      if (layer.a >= 1) break;
    }
    // Nothing opaque up to the root: the canvas is the page's own background.
    return layers.reduceRight<Layer>(
      (below, layer) => ({
        r: layer.r * layer.a + below.r * (1 - layer.a),
        g: layer.g * layer.a + below.g * (1 - layer.a),
        b: layer.b * layer.a + below.b * (1 - layer.a),
        a: 1,
      }),
      { r: 255, g: 255, b: 255, a: 1 },
    );
  };
  const of = (element: Element): Paint => ({ color: getComputedStyle(element).color, background: format(backgroundOf(element)) });
  const faded = (element: Element) => {
    for (let node: Element | null = element; node; node = node.parentElement) {
      if (Number(getComputedStyle(node).opacity) < 1) return true;
    }
    return false;
  };
  const texts = (root: Element): PaintedText[] => {
    const found: PaintedText[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const element = node.parentElement;
      if (!text || !element || element.closest('svg, [aria-hidden="true"]')) continue;
      const rect = element.getBoundingClientRect();
      // Visually hidden text (1px clipped boxes), hidden and faded (disabled) controls are not judged.
      if (rect.width <= 1 || rect.height <= 1 || getComputedStyle(element).visibility !== 'visible' || faded(element)) continue;
      const where = `${element.tagName.toLowerCase()}.${String(element.getAttribute('class') ?? '').trim().replace(/\s+/g, '.')}`;
      found.push({ text: text.slice(0, 40), where, ...of(element) });
    }
    return found;
  };
  window.convotPaint = { of, texts };
}

async function probe(page: Page) {
  if (!(await page.evaluate(() => window.convotPaint !== undefined))) await page.evaluate(installProbe);
}

/** The element's text colour and the background it is painted on. */
export async function paintOf(locator: Locator): Promise<Paint> {
  await probe(locator.page());
  return locator.evaluate((element) => window.convotPaint!.of(element));
}

/** Every visible piece of text under the locator, with its colour and background. */
export async function paintedTexts(locator: Locator): Promise<PaintedText[]> {
  await probe(locator.page());
  return locator.evaluate((element) => window.convotPaint!.texts(element));
}
