// `npm run render -w @ustbites/charts -- <dev|prod>`: print the manifests the chart renders for an
// environment, like `helm template ustbites charts/ustbites -f values-<env>.yaml`.
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { renderChart } from "./render.ts";

const env = process.argv[2] ?? "dev";
const chartDir = resolve(import.meta.dirname, "../ustbites");
const docs = await renderChart(chartDir, {
  releaseName: "ustbites",
  namespace: "backend",
  valuesFiles: [join(chartDir, `values-${env}.yaml`)],
});
for (const { source, manifest } of docs) process.stdout.write(`---\n# Source: ${source}\n${stringify(manifest)}`);
process.exit(0);
