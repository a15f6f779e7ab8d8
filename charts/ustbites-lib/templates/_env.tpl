{{/*
The container environment, named exactly as the services' env.ts reads it (docs/conventions.md).
Databases come from the CloudNativePG-generated "<service>-db-app" secret (key "uri"). The broker and
Redis URLs name the service's own user, its password (key "<service>" of the users secrets) put in
by Kubernetes' $(VAR) expansion, so no password is ever in the chart or in Git.
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
# Spans to Alloy's OTLP/HTTP receiver, which forwards them to Tempo (global.tracing).
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ printf "http://%s.%s.svc.%s:%d" $g.tracing.alloy.name (index $g.namespaces "monitoring") $g.clusterDomain ($g.tracing.alloy.port | int) | quote }}
- name: OTEL_TRACES_SAMPLER
  value: {{ $g.tracing.sampler | quote }}
- name: OTEL_TRACES_SAMPLER_ARG
  value: {{ $g.tracing.ratio | quote }}
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
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $g.redis.usersSecret }}
      key: {{ .name }}
- name: REDIS_URL
  value: {{ printf "redis://%s:$(REDIS_PASSWORD)@%s.%s.svc.%s:6379" .name $g.redis.name (index $g.namespaces "backend") $g.clusterDomain | quote }}
{{- end }}
{{- if .svc.bus }}
- name: RABBITMQ_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $g.rabbitmq.usersSecret }}
      key: {{ .name }}
- name: RABBITMQ_URL
  value: {{ printf "amqp://%s:$(RABBITMQ_PASSWORD)@%s.%s.svc.%s:5672" .name $g.rabbitmq.name (index $g.namespaces "backend") $g.clusterDomain | quote }}
{{- end }}
{{- if .svc.serviceIdentity }}
- name: USER_URL
  value: {{ include "ustbites-lib.serviceUrl" (dict "root" .root "name" .name "callee" "user") | quote }}
- name: SERVICE_SECRET
  valueFrom:
    secretKeyRef:
      name: service-credentials
      key: {{ .name }}
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
