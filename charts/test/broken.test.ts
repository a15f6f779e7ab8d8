// Each test breaks a temp copy of the charts in one way and shows that the check catches it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkCharts } from "../scripts/check.ts";
import { RenderError, ValuesSchemaError } from "../scripts/render.ts";
import { copyCharts, type ChartCopy } from "./helpers.ts";

let copy: ChartCopy;
beforeEach(() => {
  copy = copyCharts();
});
afterEach(() => copy.dispose());

const check = () => checkCharts({ root: copy.root, env: "dev" });

describe("the chart check catches", () => {
  it("an unmodified copy as clean, so every failure below comes from its one change", async () => {
    expect((await check()).problems).toEqual([]);
  });

  it("a broken template (an unterminated action)", async () => {
    copy.edit("ustbites-lib/templates/_workload.tpl", (t) =>
      t.replace("name: {{ .name }}\n  namespace:", "name: {{ .name \n  namespace:"),
    );
    await expect(check()).rejects.toThrow(RenderError);
  });

  it("a template that calls a helper that does not exist", async () => {
    copy.edit("ustbites/templates/services.yaml", (t) => t.replace('"ustbites-lib.service"', '"ustbites-lib.servce"'));
    await expect(check()).rejects.toThrow(/no template "ustbites-lib.servce"/);
  });

  it("a value of the wrong type (a port given as a string)", async () => {
    copy.edit("ustbites/values-dev.yaml", (t) =>
      t.replace("  cart: { autoscaling:", '  cart: { port: "3003", autoscaling:'),
    );
    await expect(check()).rejects.toThrow(ValuesSchemaError);
    await expect(check()).rejects.toThrow(/values\.services\.cart\.port: must be integer/);
  });

  it("a rendered manifest that breaks its Kubernetes schema", async () => {
    copy.edit("ustbites-lib/templates/_workload.tpl", (t) =>
      t.replace("      protocol: TCP\n      appProtocol: http", "      protocol: TCPX\n      appProtocol: http"),
    );
    const { problems } = await check();
    expect(
      problems.some((p) => /Service backend\/cart: .*protocol must be equal to one of the allowed values/.test(p)),
    ).toBe(true);
  });

  it("a route to a service that does not exist", async () => {
    copy.edit("ustbites/files/routes.json", (t) =>
      t.replace('"routes": [', '"routes": [\n    { "service": "ghost", "prefix": "/api/ghost", "port": 3099 },'),
    );
    const { problems } = await check();
    expect(problems).toContain("HTTPRoute backend/ghost: backend Service backend/ghost does not exist");
  });

  it("a route to a port the service does not expose", async () => {
    copy.edit("ustbites/files/routes.json", (t) =>
      t.replace('"prefix": "/api/cart", "port": 3003', '"prefix": "/api/cart", "port": 3333'),
    );
    const { problems } = await check();
    expect(problems).toContain("HTTPRoute backend/cart: Service backend/cart has no port 3333");
  });

  it("a missing NetworkPolicy allow (cart no longer declared as calling restaurant)", async () => {
    copy.edit("ustbites/values.yaml", (t) => t.replace("calls: [user, restaurant]", "calls: [user]"));
    const { problems } = await check();
    expect(problems).toContain(
      "cart calls restaurant, but no NetworkPolicy allows backend/cart -> backend/restaurant:3002",
    );
  });

  it("missing per-service NetworkPolicies altogether", async () => {
    copy.remove("ustbites/templates/networkpolicies.yaml");
    const { problems } = await check();
    expect(problems).toContain(
      "order calls payment, but no NetworkPolicy allows backend/order -> backend/payment:3005",
    );
    expect(problems).toContain(
      "gateway calls agent, but no NetworkPolicy allows gateway/gateway -> backend/agent:3008",
    );
  });

  it("a NetworkPolicy that allows a call the design does not have", async () => {
    copy.edit("ustbites/values.yaml", (t) =>
      t.replace(
        'calls: [user]\n    autoscaling: { minReplicas: 2, maxReplicas: 6, targetCPUUtilization: 70 }\n    resources:\n      requests: { cpu: 100m, memory: 192Mi }\n      limits: { cpu: "1", memory: 384Mi }\n    shutdown: { drainSeconds: 5, closeSeconds: 15 }\n  delivery:',
        'calls: [user, order]\n    autoscaling: { minReplicas: 2, maxReplicas: 6, targetCPUUtilization: 70 }\n    resources:\n      requests: { cpu: 100m, memory: 192Mi }\n      limits: { cpu: "1", memory: 384Mi }\n    shutdown: { drainSeconds: 5, closeSeconds: 15 }\n  delivery:',
      ),
    );
    const { problems } = await check();
    expect(problems).toContain("NetworkPolicies allow payment -> order, which is not a call in the design");
  });

  it("a Deployment without a readiness probe", async () => {
    copy.edit("ustbites-lib/templates/_workload.tpl", (t) => t.replace(/ {10}readinessProbe:\n.*\n/, ""));
    const { problems } = await check();
    expect(problems).toContain("Deployment backend/order container order: readinessProbe is missing");
  });

  it("a container that may run as root", async () => {
    copy.edit("ustbites-lib/templates/_helpers.tpl", (t) => t.replaceAll("runAsNonRoot: true", "runAsNonRoot: false"));
    const { problems } = await check();
    expect(problems).toContain("Deployment backend/user container user: runAsNonRoot is not true");
  });

  it("a container without resource limits", async () => {
    copy.edit("ustbites-lib/templates/_workload.tpl", (t) =>
      t.replace(
        "{{- toYaml .svc.resources | nindent 12 }}",
        '{{- toYaml (pick .svc.resources "requests") | nindent 12 }}',
      ),
    );
    const { problems } = await check();
    expect(problems).toContain("Deployment backend/cart container cart: resources.limits.memory is missing");
  });

  it("a value block missing a required field (a memory limit)", async () => {
    copy.edit("ustbites/values.yaml", (t) =>
      t.replace(
        '      limits: { cpu: "1", memory: 768Mi }\n    shutdown: { drainSeconds: 5, closeSeconds: 10 }\n  restaurant:',
        '      limits: { cpu: "1" }\n    shutdown: { drainSeconds: 5, closeSeconds: 10 }\n  restaurant:',
      ),
    );
    await expect(check()).rejects.toThrow(
      /values\.services\.user\.resources\.limits: must have required property 'memory'/,
    );
  });

  it("an env var the service's env.ts does not read", async () => {
    copy.edit("ustbites/values.yaml", (t) => t.replace('MAIL_FROM: "USTBites', 'MAIL_SENDER: "USTBites'));
    const { problems } = await check();
    expect(problems).toContain("notification: env MAIL_SENDER is not read by its env.ts");
  });
});
