/// <reference types="node" />
//! Every colour comes from the design tokens in global.css, so the dark theme (which only redefines
//! the tokens) reaches everything: no literal colour in any other stylesheet or in a component.
//! (Read from disk: the unit-test build hands stylesheets to components as empty strings.)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sources(test: (file: string) => boolean): Record<string, string> {
  const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).filter(test);
  return Object.fromEntries(files.map((file) => [`/src/${file.split(path.sep).join('/')}`, readFileSync(path.join(srcDir, file), 'utf8')]));
}

const stylesheets = sources((file) => file.endsWith('.css'));
const components = sources((file) => file.endsWith('.tsx') && !file.endsWith('.test.tsx'));

const CSS_COLOUR = /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(|:\s*(?:white|black)\b/i;
const TSX_COLOUR = /['"`]#[0-9a-f]{3,8}['"`]|\b(?:rgba?|hsla?)\(/i;

/** `file:line: text` of each line with a literal colour; a token's own definition (`--x: …`) is allowed. */
function literalColours(files: Record<string, string>, pattern: RegExp): string[] {
  return Object.entries(files).flatMap(([file, text]) =>
    text.split('\n').flatMap((line, index) =>
      pattern.test(line) && !/^\s*--[\w-]+\s*:/.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [],
    ),
  );
}

/** The custom properties a block defines with a colour value. */
function colourTokens(block: string): Set<string> {
  const definitions = [...block.matchAll(/^\s*(--[\w-]+)\s*:\s*([^;]+);/gm)];
  return new Set(definitions.filter(([, , value]) => CSS_COLOUR.test(value ?? '')).map(([, name]) => name ?? ''));
}

describe('design tokens', () => {
  it('finds the stylesheets and components it checks', () => {
    expect(Object.keys(stylesheets)).toContain('/src/styles/global.css');
    expect(Object.keys(components).length).toBeGreaterThan(20);
  });

  it('leaves no literal colour outside the token definitions', () => {
    expect(literalColours(stylesheets, CSS_COLOUR)).toEqual([]);
    expect(literalColours(components, TSX_COLOUR)).toEqual([]);
  });

  it('gives the dark theme a value for every colour token', () => {
    const global = stylesheets['/src/styles/global.css'] ?? '';
    const [light = '', dark = ''] = global.split('@media (prefers-color-scheme: dark)');
    expect(colourTokens(light).size).toBeGreaterThan(40);
    expect(colourTokens(dark)).toEqual(colourTokens(light));
  });
});
