// Bundles src/ and socket.io-client into one minified file, dist/widget.js, and reports its size.
//   npm ci && npm run build
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const OUT = "dist/widget.js";
const BUDGET_GZIP = 30 * 1024;

if (!process.argv.includes("--size-only")) {
  await build({
    entryPoints: ["src/index.js"],
    outfile: OUT,
    bundle: true,
    minify: true,
    format: "iife",
    platform: "browser",
    target: ["es2019", "chrome80", "firefox78", "safari13"],
    loader: { ".css": "text" },
    legalComments: "eof",
    banner: { js: "/* Diskret chat widget. Bundles socket.io-client and engine.io-client (MIT License, (c) Guillermo Rauch and contributors). */" },
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
  });
}

const bytes = readFileSync(OUT);
const gzipped = gzipSync(bytes, { level: 9 }).length;
console.log(`${OUT}: ${bytes.length} bytes, ${gzipped} bytes gzipped (budget ${BUDGET_GZIP})`);
if (gzipped > BUDGET_GZIP) {
  console.error("over the size budget");
  process.exit(1);
}
