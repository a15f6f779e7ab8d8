{{/* The route table, read from files/routes.json (a link to services/gateway/routes.json). */}}
{{- define "ustbites.routes" -}}
{{- $table := .Files.Get "files/routes.json" | fromJson -}}
{{- if or (not $table) (hasKey $table "Error") (not $table.routes) -}}
{{- fail "files/routes.json is missing or is not the gateway route table (services/gateway/routes.json)" -}}
{{- end -}}
{{- toJson $table.routes -}}
{{- end -}}

{{/* "true" when the route table (or the frontend route) sends traffic to the named service. */}}
{{- define "ustbites.isRouted" -}}
{{- $routed := eq .name .root.Values.gateway.frontendService -}}
{{- range $r := (include "ustbites.routes" .root | fromJsonArray) -}}
{{- if eq $r.service $.name -}}{{- $routed = true -}}{{- end -}}
{{- end -}}
{{- $routed -}}
{{- end -}}

{{/* The paths every service serves on its own port only (/metrics, /docs), from files/routes.json. */}}
{{- define "ustbites.internalPaths" -}}
{{- $table := .Files.Get "files/routes.json" | fromJson -}}
{{- toJson ($table.internalPaths | default list) -}}
{{- end -}}
