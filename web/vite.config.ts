import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const apiTarget = process.env.FLUXWORKS_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: webRoot,
  plugins: [react(), tailwindcss()],
  build: { outDir: path.join(webRoot, 'dist'), emptyOutDir: true },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, ws: true },
      '/socket.io': { target: apiTarget, ws: true },
      '/collab': { target: apiTarget, ws: true },
      '/storage': { target: apiTarget },
    },
  },
});
