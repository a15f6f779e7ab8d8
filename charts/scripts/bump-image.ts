// `npm run bump-image -w @ustbites/charts -- <dev|prod> <tag>`: sets global.image.tag in
// values-<env>.yaml (comments and layout kept), the commit ArgoCD then syncs.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseDocument } from "yaml";

const [env, tag] = process.argv.slice(2);
if (!env || !["dev", "prod"].includes(env) || !tag || !/^[\w][\w.-]{0,127}$/.test(tag)) {
  console.error("usage: bump-image <dev|prod> <tag>");
  process.exit(2);
}
const file = join(resolve(import.meta.dirname, "../ustbites"), `values-${env}.yaml`);
const doc = parseDocument(readFileSync(file, "utf8"));
doc.setIn(["global", "image", "tag"], tag);
writeFileSync(file, doc.toString());
console.log(`${file}: global.image.tag = ${tag}`);
