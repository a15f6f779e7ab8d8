{{/*
ustbites-lib.service renders everything one service needs. Call it with
  (dict "root" $ "name" "<service>")
*/}}
{{- define "ustbites-lib.service" -}}
{{- $ctx := dict "root" .root "name" .name "svc" (index .root.Values.services .name) -}}
{{- if not $ctx.svc -}}{{- fail (printf "service %q has no values block under .Values.services" .name) -}}{{- end -}}
{{ include "ustbites-lib.serviceAccount" $ctx }}
---
{{ include "ustbites-lib.deployment" $ctx }}
---
{{ include "ustbites-lib.clusterService" $ctx }}
---
{{ include "ustbites-lib.hpa" $ctx }}
---
{{ include "ustbites-lib.pdb" $ctx }}
{{- if $ctx.svc.metrics }}
---
{{ include "ustbites-lib.serviceMonitor" $ctx }}
{{- end }}
{{- if and $ctx.svc.database $ctx.svc.migrate }}
---
{{ include "ustbites-lib.migration" $ctx }}
{{- end }}
{{- end -}}

{{- define "ustbites-lib.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ .name }}
  namespace: {{ include "ustbites-lib.namespace" . }}
  labels:
    {{- include "ustbites-lib.labels" . | nindent 4 }}
# No service talks to the Kubernetes API, so no pod gets a token to do so.
automountServiceAccountToken: false
{{- end -}}

{{- define "ustbites-lib.probe" -}}
httpGet:
  path: {{ .path }}
  port: http
periodSeconds: {{ .period }}
timeoutSeconds: 2
failureThreshold: {{ .failures }}
{{- end -}}

{{- define "ustbites-lib.podSpec" -}}
serviceAccountName: {{ .name }}
automountServiceAccountToken: false
enableServiceLinks: false
securityContext:
  {{- include "ustbites-lib.podSecurityContext" . | nindent 2 }}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: {{ .svc.tmpSize | default "64Mi" }}
{{- end -}}

{{- define "ustbites-lib.deployment" -}}
{{- $drain := .svc.shutdown.drainSeconds | int -}}
{{- $close := .svc.shutdown.closeSeconds | int -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .name }}
  namespace: {{ include "ustbites-lib.namespace" . }}
  labels:
    {{- include "ustbites-lib.labels" . | nindent 4 }}
  annotations:
    argocd.argoproj.io/sync-wave: "2"
spec:
  # The HPA owns the replica count; ArgoCD ignores this field (see the ApplicationSet).
  replicas: {{ .svc.autoscaling.minReplicas }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  selector:
    matchLabels:
      {{- include "ustbites-lib.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "ustbites-lib.labels" . | nindent 8 }}
    spec:
      {{- include "ustbites-lib.podSpec" . | nindent 6 }}
      # Drain (endpoints removed, in-flight requests finish) plus the service's own close budget.
      terminationGracePeriodSeconds: {{ add $drain $close 5 }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "ustbites-lib.selectorLabels" . | nindent 14 }}
      containers:
        - name: {{ .name }}
          image: {{ include "ustbites-lib.image" . }}
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              containerPort: {{ .svc.port }}
              protocol: TCP
          env:
            {{- include "ustbites-lib.env" . | nindent 12 }}
          resources:
            {{- toYaml .svc.resources | nindent 12 }}
          securityContext:
            {{- include "ustbites-lib.containerSecurityContext" . | nindent 12 }}
          startupProbe:
            {{- include "ustbites-lib.probe" (dict "path" "/healthz" "period" 2 "failures" 30) | nindent 12 }}
          livenessProbe:
            {{- include "ustbites-lib.probe" (dict "path" "/healthz" "period" 10 "failures" 3) | nindent 12 }}
          readinessProbe:
            {{- include "ustbites-lib.probe" (dict "path" "/readyz" "period" 5 "failures" 2) | nindent 12 }}
          lifecycle:
            # Keep serving while the endpoint removal reaches every proxy, then SIGTERM starts the close.
            preStop:
              sleep:
                seconds: {{ $drain }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
{{- end -}}

{{- define "ustbites-lib.clusterService" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ .name }}
  namespace: {{ include "ustbites-lib.namespace" . }}
  labels:
    {{- include "ustbites-lib.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "ustbites-lib.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .svc.port }}
      targetPort: http
      protocol: TCP
      appProtocol: http
{{- end -}}

{{- define "ustbites-lib.hpa" -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ .name }}
  namespace: {{ include "ustbites-lib.namespace" . }}
  labels:
    {{- include "ustbites-lib.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ .name }}
  minReplicas: {{ .svc.autoscaling.minReplicas }}
  maxReplicas: {{ .svc.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .svc.autoscaling.targetCPUUtilization }}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 300
{{- end -}}

{{- define "ustbites-lib.pdb" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ .name }}
  namespace: {{ include "ustbites-lib.namespace" . }}
  labels:
    {{- include "ustbites-lib.labels" . | nindent 4 }}
spec:
  {{- if gt (int .svc.autoscaling.minReplicas) 1 }}
  minAvailable: 1
  {{- else }}
  # One replica (dev): allow the eviction rather than block node drains forever.
  maxUnavailable: 1
  {{- end }}
  selector:
    matchLabels:
      {{- include "ustbites-lib.selectorLabels" . | nindent 6 }}
{{- end -}}

{{- define "ustbites-lib.serviceMonitor" -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ .name }}
  namespace: {{ include "ustbites-lib.namespace" . }}
  labels:
    {{- include "ustbites-lib.labels" . | nindent 4 }}
    release: kube-prometheus-stack
spec:
  selector:
    matchLabels:
      {{- include "ustbites-lib.selectorLabels" . | nindent 6 }}
  endpoints:
    - port: http
      path: /metrics
      interval: 15s
{{- end -}}

{{/*
The migration Job. Under ArgoCD it is a Sync-phase hook in wave 1: after the databases (wave 0)
are healthy and before the Deployments (wave 2) roll, so a new version never serves an old schema.
Under plain `helm upgrade --install` the Helm hook annotations give the same order on upgrades
(on first install it runs right after the release, while the new pods wait on /readyz).
*/}}
{{- define "ustbites-lib.migration" -}}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ printf "%s-migrate" .name }}
  namespace: {{ include "ustbites-lib.namespace" . }}
  labels:
    {{- include "ustbites-lib.labels" . | nindent 4 }}
    app.kubernetes.io/component: migration
  annotations:
    argocd.argoproj.io/hook: Sync
    argocd.argoproj.io/sync-wave: "1"
    argocd.argoproj.io/hook-delete-policy: BeforeHookCreation
    helm.sh/hook: post-install,pre-upgrade
    helm.sh/hook-weight: "0"
    helm.sh/hook-delete-policy: before-hook-creation
spec:
  backoffLimit: 3
  activeDeadlineSeconds: 600
  ttlSecondsAfterFinished: 86400
  template:
    metadata:
      # Not the service's selector labels: a running migration must never receive traffic.
      labels:
        app.kubernetes.io/name: {{ printf "%s-migrate" .name }}
        app.kubernetes.io/instance: {{ .root.Release.Name }}
        app.kubernetes.io/component: migration
    spec:
      {{- include "ustbites-lib.podSpec" . | nindent 6 }}
      restartPolicy: Never
      containers:
        - name: migrate
          image: {{ include "ustbites-lib.image" . }}
          workingDir: {{ printf "/app/services/%s" .name }}
          command: ["npx", "--no-install", "ustbites-db", "migrate"]
          env:
            - name: DATABASE_URL
              valueFrom:
                secretKeyRef:
                  name: {{ printf "%s-db-app" .name }}
                  key: uri
            - name: HOME
              value: /tmp
          resources:
            {{- toYaml .svc.resources | nindent 12 }}
          securityContext:
            {{- include "ustbites-lib.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
{{- end -}}
