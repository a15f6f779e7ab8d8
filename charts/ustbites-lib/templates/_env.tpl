{{/*
The container environment, named exactly as the services' env.ts reads it (docs/conventions.md).
Databases come from the CloudNativePG-generated "<service>-db-app" secret (key "uri"), the broker
credentials from the RabbitMQ operator's "<cluster>-default-user" secret (its
"connection_string" key, cluster-operator >= 2.11).
*/}}
{{- define "ustbites-lib.env" -}}
{{- $g := .root.Values.global -}}
- name: PORT
  value: {{ .svc.port | int | quote }}
- name: HOST
  value: "0.0.0.0"
{{- if ne .svc.kind "static" }}
- name: LOG_LEVEL
  value: {{ .svc.logLevel | default $g.logLevel | quote }}
- name: JWT_ISSUER
  value: {{ $g.jwt.issuer | quote }}
- name: JWT_AUDIENCE
  value: {{ $g.jwt.audience | quote }}
{{- if ne .name "user" }}
- name: JWKS_URL
  value: {{ printf "%s/.well-known/jwks.json" (include "ustbites-lib.serviceUrl" (dict "root" .root "name" .name "callee" "user")) | quote }}
{{- end }}
{{- if .svc.database }}
# Generated keys and any embedded state go to the writable emptyDir, never the read-only image.
- name: DATA_DIR
  value: /tmp/data
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ printf "%s-db-app" .name }}
      key: uri
- name: DATABASE_POOL_MAX
  value: {{ $g.postgres.poolMax | quote }}
{{- if .svc.migrate }}
- name: DB_MIGRATE_ON_START
  value: "false"
{{- end }}
{{- end }}
{{- range $callee := .svc.calls }}
{{- if ne $callee "user" }}
- name: {{ printf "%s_URL" (upper $callee) }}
  value: {{ include "ustbites-lib.serviceUrl" (dict "root" $.root "name" $.name "callee" $callee) | quote }}
{{- end }}
{{- end }}
{{- if .svc.redis }}
- name: REDIS_URL
  value: {{ printf "redis://%s.%s.svc.%s:6379" $g.redis.name (index $g.namespaces "backend") $g.clusterDomain | quote }}
{{- end }}
{{- if .svc.bus }}
- name: RABBITMQ_URL
  valueFrom:
    secretKeyRef:
      name: {{ printf "%s-default-user" $g.rabbitmq.name }}
      key: connection_string
{{- end }}
{{- end }}
{{- range $name, $value := .svc.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- range $name, $ref := .svc.secretEnv }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ $ref.secret }}
      key: {{ $ref.key }}
{{- end }}
{{- end -}}
