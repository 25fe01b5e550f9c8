{{/* The service's entry in the mesh address book; fails on an unknown name. */}}
{{- define "kessai.svc" -}}
{{- $name := required "name is required (a key of mesh: gateway, ledger, ...)" .Values.name -}}
{{- $svc := index .Values.mesh $name -}}
{{- if not $svc -}}{{- fail (printf "name %q is not in mesh" $name) -}}{{- end -}}
{{- toYaml $svc -}}
{{- end -}}

{{/* Resource name: kessai-<service>. Other services find it as kessai-<service>.<ns>.svc. */}}
{{- define "kessai.fullname" -}}
{{- printf "kessai-%s" (required "name is required" .Values.name) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kessai.selectorLabels" -}}
app.kubernetes.io/name: {{ .Values.name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: kessai
{{- end -}}

{{- define "kessai.labels" -}}
{{ include "kessai.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | replace "@" "_" | replace ":" "_" | trunc 63 | trimSuffix "_" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
kessai.io/environment: {{ .Values.environment }}
{{- end -}}

{{- define "kessai.image" -}}
{{- $repo := required "image.repository is required" .Values.image.repository -}}
{{- $tag := required "image.tag is required (a git commit; never latest)" .Values.image.tag -}}
{{- if or (eq $tag "latest") (hasPrefix "latest@" $tag) -}}{{- fail "image.tag must not be latest" -}}{{- end -}}
{{- printf "%s:%s" $repo $tag -}}
{{- end -}}

{{/* Seconds: preStop sleep + drain deadline (rounded up) + 5 s for the rest of shutdown. */}}
{{- define "kessai.terminationGrace" -}}
{{- $ms := int .Values.config.shutdownTimeoutMs -}}
{{- add .Values.preStopSleepSeconds (div (add $ms 999) 1000) 5 -}}
{{- end -}}

{{/* Non-secret environment, one KEY: "value" per line (ConfigMap data and the migrations Job). */}}
{{- define "kessai.configData" -}}
{{- $svc := include "kessai.svc" . | fromYaml -}}
KESSAI_ENV: {{ .Values.environment | quote }}
NATS_URL: {{ required "config.natsUrl is required" .Values.config.natsUrl | quote }}
{{- with .Values.config.subjectPrefix }}
KESSAI_SUBJECT_PREFIX: {{ . | quote }}
{{- end }}
GRPC_PORT: {{ $svc.grpcPort | int | quote }}
OPS_PORT: {{ $svc.opsPort | int | quote }}
{{- if $svc.httpPort }}
HTTP_PORT: {{ $svc.httpPort | int | quote }}
{{- end }}
LOG_LEVEL: {{ .Values.config.logLevel | quote }}
{{- with .Values.config.otelEndpoint }}
OTEL_EXPORTER_OTLP_ENDPOINT: {{ . | quote }}
{{- end }}
OTEL_SERVICE_NAME: {{ .Values.name | quote }}
SHUTDOWN_TIMEOUT_MS: {{ .Values.config.shutdownTimeoutMs | int | quote }}
MIGRATE_ON_START: "false"
{{- range $callee := .Values.calls }}
{{- $c := index $.Values.mesh $callee }}
{{- if not $c }}{{ fail (printf "calls: %q is not in mesh" $callee) }}{{ end }}
{{ $c.addrEnv }}: {{ printf "kessai-%s.%s.svc:%d" $callee $.Release.Namespace (int $c.grpcPort) | quote }}
{{- end }}
{{- range $k, $v := .Values.config.extraEnv }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end -}}

{{/* Secret environment: references only. */}}
{{- define "kessai.secretEnv" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ required "database.secretName is required (a Secret holding DATABASE_URL)" .Values.database.secretName }}
      key: {{ .Values.database.secretKey }}
{{- include "kessai.secretEnvRefs" . }}
{{- end -}}

{{/* The service's own secret variables (secretEnv), references only. The server and
     the migrations Job both run the service's config loader, so both get them. */}}
{{- define "kessai.secretEnvRefs" -}}
{{- range .Values.secretEnv }}
{{- if eq .name "DATABASE_URL" }}{{ fail "secretEnv: DATABASE_URL comes from database.secretName" }}{{ end }}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secretName }}
      key: {{ .key }}
{{- end }}
{{- end -}}

{{/* volumeMounts of the server container: /tmp plus the writable `volumes`. */}}
{{- define "kessai.volumeMounts" -}}
- { name: tmp, mountPath: /tmp }
{{- range .Values.volumes }}
- { name: {{ .name }}, mountPath: {{ .mountPath | quote }} }
{{- end }}
{{- end -}}

{{/* volumes of the server pod: /tmp (emptyDir) plus `volumes` (emptyDir or an existing PVC). */}}
{{- define "kessai.volumes" -}}
- name: tmp
  emptyDir: { sizeLimit: {{ .Values.tmpSizeLimit }} }
{{- range .Values.volumes }}
{{- if eq .name "tmp" }}{{ fail "volumes: the name tmp is taken (/tmp)" }}{{ end }}
- name: {{ .name }}
  {{- if .claimName }}
  persistentVolumeClaim: { claimName: {{ .claimName }} }
  {{- else }}
  emptyDir: { sizeLimit: {{ .sizeLimit | default "1Gi" }} }
  {{- end }}
{{- end }}
{{- end -}}

{{- define "kessai.podSecurity" -}}
automountServiceAccountToken: {{ .Values.serviceAccount.automountToken }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
