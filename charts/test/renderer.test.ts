// The offline renderer must behave like Helm where the charts depend on it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { coalesce, renderChart, RenderError } from "../scripts/render.ts";

const dir = mkdtempSync(join(tmpdir(), "renderer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function renderOne(template: string, values: Record<string, unknown> = {}): Promise<unknown> {
  const chart = mkdtempSync(join(dir, "c-"));
  mkdirSync(join(chart, "templates"));
  writeFileSync(join(chart, "Chart.yaml"), "apiVersion: v2\nname: t\nversion: 1.0.0\n");
  writeFileSync(join(chart, "values.yaml"), "{}\n");
  writeFileSync(join(chart, "templates/t.yaml"), template);
  const docs = await renderChart(chart, { values });
  return docs[0]?.manifest;
}

describe("the Go-template renderer", () => {
  it("keeps Helm's number semantics: values are float64, int converts", async () => {
    const m = await renderOne(
      "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata:\n  a: {{ .Values.n | quote }}\n  b: {{ .Values.n | int | quote }}\n  c: {{ div .Values.n 2 | quote }}\n",
      { n: 7 },
    );
    expect(m).toMatchObject({ data: { a: "7", b: "7", c: "3" } });
  });

  it("renders toYaml, nindent, include and missing keys as Helm does", async () => {
    const m = await renderOne(
      '{{- define "l" }}app: {{ . }}{{ end -}}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    {{- include "l" "y" | nindent 4 }}\ndata:\n  {{- toYaml .Values.d | nindent 2 }}\n  missing: "{{ .Values.nope }}"\n',
      { d: { k: "v" } },
    );
    expect(m).toMatchObject({ metadata: { labels: { app: "y" } }, data: { k: "v", missing: "" } });
  });

  it("fails on required and fail with the template's message", async () => {
    await expect(renderOne('{{ required "x.y is required" .Values.x }}')).rejects.toThrow(/x\.y is required/);
    await expect(renderOne('{{ fail "nope" }}')).rejects.toThrow(RenderError);
  });

  it("coalesces values like helm -f: maps merge, null deletes, lists replace", () => {
    expect(coalesce({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { c: null, d: 3 }, l: [3] })).toEqual({
      a: { b: 1, d: 3 },
      l: [3],
    });
  });
});
