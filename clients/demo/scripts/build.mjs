// Bundles the demo (esbuild) into embedded-stack's resources, where the embedded stack's gateway
// serves it at http://localhost:8080/. The bundle is committed so that the README's run command
// needs no Node; test/bundle.test.mjs fails when it is not what this script builds.
// --check: compare only.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const target = new URL("../../../embedded-stack/src/main/resources/keeplive-demo/demo.js", import.meta.url);

export async function bundle() {
  const out = await build({
    entryPoints: [fileURLToPath(new URL("../src/main.tsx", import.meta.url))],
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    legalComments: "none",
    write: false,
  });
  return out.outputFiles[0].text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const code = await bundle();
  if (process.argv.includes("--check")) {
    if (readFileSync(target, "utf8") !== code) {
      console.error("the committed demo bundle is stale: run `npm run build -w @keeplive/demo` and commit it");
      process.exit(1);
    }
  } else {
    writeFileSync(target, code);
    console.log(`wrote ${fileURLToPath(target)} (${code.length} bytes)`);
  }
}
