// The client's wire types against the JSON Schemas of docs/schemas: generates TypeScript from
// every message schema (json-schema-to-typescript) and type-checks that each client type is
// exactly that type (test/types/protocol-matches-schemas.ts). Fails on any difference.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { compileFromFile } from "json-schema-to-typescript";

const schemas = fileURLToPath(new URL("../../../docs/schemas/", import.meta.url));
const out = fileURLToPath(new URL("../test/types/generated/", import.meta.url));
rmSync(out, { recursive: true, force: true });
for (const dir of ["client", "server"]) {
  mkdirSync(out + dir, { recursive: true });
  for (const file of readdirSync(schemas + dir)) {
    const ts = await compileFromFile(schemas + dir + "/" + file, {
      bannerComment: "",
      cwd: schemas,
      additionalProperties: false,
      format: false,
    });
    writeFileSync(`${out}${dir}/${file.replace(/\.json$/, ".ts")}`, ts);
  }
}
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const project = fileURLToPath(new URL("../test/types/tsconfig.json", import.meta.url));
try {
  execFileSync(process.execPath, [tsc, "-p", project], { stdio: "inherit" });
} catch {
  console.error("the client's protocol types differ from docs/schemas (see above)");
  process.exit(1);
}
console.log("client protocol types match docs/schemas");
