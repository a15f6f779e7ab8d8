import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** In development Vite serves the app and forwards the API (and its WebSockets) to `npm start`'s gateway. */
const GATEWAY = "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: {
    proxy: { "/api": { target: GATEWAY, ws: true, changeOrigin: true } },
  },
  // No source maps in what is served: they would publish the whole source to anyone.
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
});
