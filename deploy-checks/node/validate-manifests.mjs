// Validates every object of a multi-document YAML stream (`helm template` output) against the
// schema of its apiVersion/kind from the kubernetes-models packages (Kubernetes OpenAPI,
// Prometheus Operator and KEDA CRDs). Prints one line per problem; exits 1 on any problem,
// including an object whose kind no package describes (so nothing is waved through unchecked).
//   node validate-manifests.mjs <file.yaml>
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const PACKAGES = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator/monitoring.coreos.com",
  "keda.sh": "@kubernetes-models/keda/keda.sh",
};

function modulePath(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  if (slash < 0) {
    return `kubernetes-models/${apiVersion}/${kind}`;
  }
  const group = apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const base = PACKAGES[group] ?? `kubernetes-models/${group}`;
  return `${base}/${version}/${kind}`;
}

const problems = [];
let checked = 0;
for (const document of parseAllDocuments(readFileSync(process.argv[2], "utf8"))) {
  const object = document.toJS();
  if (object == null) {
    continue;
  }
  const where = `${object.kind}/${object.metadata?.name}`;
  let model;
  try {
    const module = await import(modulePath(object.apiVersion, object.kind));
    model = module[object.kind] ?? module.default;
  } catch (e) {
    problems.push(`${where}: no schema for ${object.apiVersion} ${object.kind}`);
    continue;
  }
  try {
    new model(object).validate();
    checked++;
  } catch (e) {
    problems.push(`${where}: ${e.message}`);
  }
}
for (const problem of problems) {
  console.log(problem);
}
console.log(`${checked} objects valid, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
