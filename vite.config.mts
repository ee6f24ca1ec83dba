import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is served from app:// in Electron and from 127.0.0.1 in tests, so every
// asset path is relative.
export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2023',
    // One script and one stylesheet: nothing inline, so the CSP can forbid inline code.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
