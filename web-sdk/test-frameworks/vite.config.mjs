// Builds the React and the Vue test pages with their usual tooling, as integrators' apps would be.
import vue from '@vitejs/plugin-vue';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  logLevel: 'warn',
  // Vue must leave <kl-*> to the browser's custom element registry.
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('kl-') } } })],
  build: {
    outDir: join(here, '..', 'dist', 'framework-pages'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: { react: join(here, 'react', 'index.html'), vue: join(here, 'vue', 'index.html') } },
  },
});
