{{/*
ustbites-lib.networkPolicy: the allow-list of one service, derived from the values alone:
  ingress  from every service whose `calls` names it, from the gateway proxies when the route
           table routes to it, from Prometheus for /metrics;
  egress   to every service it `calls`, its own database, the broker when `bus`, Redis when `redis`,
           Alloy's OTLP port for spans (Node services), plus the service's `externalEgress` (CIDRs,
           e.g. SMTP or a model API).
Everything else is denied by the namespace's default-deny policy (charts/platform/namespaces.yaml).
Call it with (dict "root" $ "name" "<service>" "routed" true|false).
*/}}
{{- define "ustbites-lib.peer" -}}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ .namespace }}
  podSelector:
    matchLabels:
      {{- toYaml .labels | nindent 6 }}
{{- end -}}

{{- define "ustbites-lib.networkPolicy" -}}
{{- $root := .root -}}
{{- $name := .name -}}
{{- $svc := index $root.Values.services $name -}}
{{- $g := $root.Values.global -}}
{{- $backend := index $g.namespaces "backend" -}}
{{- $ctx := dict "root" $root "name" $name "svc" $svc -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ $name }}
  namespace: {{ include "ustbites-lib.namespace" $ctx }}
  labels:
    {{- include "ustbites-lib.labels" $ctx | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: {{ $name }}
  policyTypes: ["Ingress", "Egress"]
  ingress:
    {{- range $callerName, $caller := $root.Values.services }}
    {{- if has $name ($caller.calls | default list) }}
    - from:
        {{- include "ustbites-lib.peer" (dict "namespace" (index $g.namespaces ($caller.namespace | default "backend")) "labels" (dict "app.kubernetes.io/name" $callerName)) | nindent 8 }}
      ports:
        - port: {{ $svc.port }}
          protocol: TCP
    {{- end }}
    {{- end }}
    {{- if .routed }}
    - from:
        {{- include "ustbites-lib.peer" (dict "namespace" (index $g.namespaces "gateway") "labels" (dict "gateway.networking.k8s.io/gateway-name" $root.Values.gateway.name)) | nindent 8 }}
      ports:
        - port: {{ $svc.port }}
          protocol: TCP
    {{- end }}
    {{- if $svc.metrics }}
    - from:
        {{- include "ustbites-lib.peer" (dict "namespace" (index $g.namespaces "monitoring") "labels" (dict "app.kubernetes.io/name" "prometheus")) | nindent 8 }}
      ports:
        - port: {{ $svc.port }}
          protocol: TCP
    {{- end }}
  egress:
    {{- range $callee := ($svc.calls | default list) }}
    {{- $c := index $root.Values.services $callee }}
    {{- if not $c }}{{ fail (printf "service %q calls %q, which has no values block" $name $callee) }}{{ end }}
    - to:
        {{- include "ustbites-lib.peer" (dict "namespace" (index $g.namespaces ($c.namespace | default "backend")) "labels" (dict "app.kubernetes.io/name" $callee)) | nindent 8 }}
      ports:
        - port: {{ $c.port }}
          protocol: TCP
    {{- end }}
    {{- if $svc.database }}
    - to:
        {{- include "ustbites-lib.peer" (dict "namespace" $backend "labels" (dict "cnpg.io/cluster" (printf "%s-db" $name))) | nindent 8 }}
      ports:
        - port: 5432
          protocol: TCP
    {{- end }}
    {{- if $svc.bus }}
    - to:
        {{- include "ustbites-lib.peer" (dict "namespace" $backend "labels" (dict "app.kubernetes.io/name" $g.rabbitmq.name)) | nindent 8 }}
      ports:
        - port: 5672
          protocol: TCP
    {{- end }}
    {{- if $svc.redis }}
    - to:
        {{- include "ustbites-lib.peer" (dict "namespace" $backend "labels" (dict "app.kubernetes.io/name" $g.redis.name)) | nindent 8 }}
      ports:
        - port: 6379
          protocol: TCP
    {{- end }}
    {{- if ne $svc.kind "static" }}
    # Spans to Alloy's OTLP receiver in the monitoring namespace (global.tracing).
    - to:
        {{- include "ustbites-lib.peer" (dict "namespace" (index $g.namespaces "monitoring") "labels" (dict "app.kubernetes.io/name" $g.tracing.alloy.name)) | nindent 8 }}
      ports:
        - port: {{ $g.tracing.alloy.port }}
          protocol: TCP
    {{- end }}
    {{- range $rule := ($svc.externalEgress | default list) }}
    - to:
        - ipBlock:
            cidr: {{ $rule.cidr }}
            {{- with $rule.except }}
            except:
              {{- toYaml . | nindent 14 }}
            {{- end }}
      ports:
        {{- range $port := $rule.ports }}
        - port: {{ $port }}
          protocol: TCP
        {{- end }}
    {{- end }}
{{- if and $svc.database $svc.migrate }}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ printf "%s-migrate" $name }}
  namespace: {{ include "ustbites-lib.namespace" $ctx }}
  labels:
    {{- include "ustbites-lib.labels" $ctx | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: {{ printf "%s-migrate" $name }}
  policyTypes: ["Ingress", "Egress"]
  egress:
    - to:
        {{- include "ustbites-lib.peer" (dict "namespace" $backend "labels" (dict "cnpg.io/cluster" (printf "%s-db" $name))) | nindent 8 }}
      ports:
        - port: 5432
          protocol: TCP
{{- end }}
{{- end -}}
