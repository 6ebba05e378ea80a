// Minified + gzip size of @keeplive/client (the whole package entry, REST helper included).
// Fails above the budget of 8 KiB.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const budget = 8 * 1024;
const out = await build({
  entryPoints: [new URL("../dist/index.js", import.meta.url).pathname],
  bundle: true,
  minify: true,
  format: "esm",
  write: false,
  platform: "neutral",
});
const code = out.outputFiles[0].contents;
const gz = gzipSync(code, { level: 9 }).length;
console.log(`@keeplive/client: ${code.length} B minified, ${gz} B minified+gzip (budget ${budget} B)`);
if (gz > budget) {
  console.error("over budget");
  process.exit(1);
}
