{{/*
Helpers shared by every service. A "service context" is a dict built by ustbites-lib.context:
  root  the chart's top-level context ($)
  name  the service name (a key of .Values.services)
  svc   that service's values block
*/}}

{{- define "ustbites-lib.context" -}}
{{- $svc := index .root.Values.services .name -}}
{{- if not $svc -}}{{- fail (printf "service %q has no values block under .Values.services" .name) -}}{{- end -}}
{{- toJson (dict "name" .name "svc" $svc) -}}
{{- end -}}

{{- define "ustbites-lib.namespace" -}}
{{- $ns := .svc.namespace | default "backend" -}}
{{- index .root.Values.global.namespaces $ns | default $ns -}}
{{- end -}}

{{- define "ustbites-lib.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "ustbites-lib.labels" -}}
{{ include "ustbites-lib.selectorLabels" . }}
app.kubernetes.io/part-of: ustbites
app.kubernetes.io/version: {{ include "ustbites-lib.imageTag" . | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "ustbites-lib.imageTag" -}}
{{- (.svc.image | default dict).tag | default .root.Values.global.image.tag -}}
{{- end -}}

{{- define "ustbites-lib.image" -}}
{{- $image := .svc.image | default dict -}}
{{- $repo := printf "%s/%s" .root.Values.global.image.registry ($image.repository | default .name) -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $repo $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo (include "ustbites-lib.imageTag" .) -}}
{{- end -}}
{{- end -}}

{{/* The in-cluster base URL of another service, e.g. http://restaurant.backend.svc.cluster.local:3002 */}}
{{- define "ustbites-lib.serviceUrl" -}}
{{- $callee := index .root.Values.services .callee -}}
{{- if not $callee -}}{{- fail (printf "service %q calls %q, which has no values block" .name .callee) -}}{{- end -}}
{{- $ns := index .root.Values.global.namespaces ($callee.namespace | default "backend") -}}
{{- printf "http://%s.%s.svc.%s:%d" .callee $ns .root.Values.global.clusterDomain (int $callee.port) -}}
{{- end -}}

{{- define "ustbites-lib.podSecurityContext" -}}
runAsNonRoot: true
{{- $uid := (.svc.securityContext | default dict).runAsUser | default 1000 }}
runAsUser: {{ $uid }}
runAsGroup: {{ $uid }}
fsGroup: {{ $uid }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "ustbites-lib.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
privileged: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
