//! Builds the embeddable widget: `vite build -c vite.widget.config.ts` writes the snippet as one
//! dependency-free IIFE to dist/widget/v1/convot.js; `--mode demo` builds the demo host page to
//! dist/widget/demo/ (external JS and CSS only: the server's CSP forbids inline scripts).
//! Both run after the SPA build (which empties dist/), so neither empties dist/ itself.
import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig(({ mode }) =>
  mode === 'demo'
    ? {
        root: here('./widget/demo'),
        base: '/widget/demo/',
        publicDir: false,
        build: {
          outDir: here('./dist/widget/demo'),
          emptyOutDir: true, // only the demo's own folder
        },
      }
    : {
        publicDir: false,
        // The snippet loads on every page of the host sites: sent precompressed, as the SPA is.
        plugins: [compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024 })],
        build: {
          outDir: here('./dist/widget/v1'),
          emptyOutDir: false,
          // Host pages run on browsers we do not choose: keep the syntax conservative.
          target: 'es2018',
          lib: {
            entry: here('./widget/main.ts'),
            formats: ['iife'],
            name: 'ConvotWidget',
            fileName: () => 'convot.js',
          },
        },
      },
);
