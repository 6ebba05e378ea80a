{{/*
Naming and labels. Every object carries the standard app.kubernetes.io labels; the three
services differ in app.kubernetes.io/component, whose value (live-gateway, resource-service,
notifier-relay) is also the Prometheus job label (ServiceMonitor jobLabel), so that the
dashboard and the alerts work the same under docker-compose and under the operator.
*/}}
{{- define "keeplive.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "keeplive.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "keeplive.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "keeplive.selectorLabels" -}}
app.kubernetes.io/name: {{ include "keeplive.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "keeplive.labels" -}}
helm.sh/chart: {{ include "keeplive.chart" . }}
{{ include "keeplive.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: keeplive
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Component helpers take (dict "root" $ "c" $component) where $component comes from keeplive.components. */}}
{{- define "keeplive.componentFullname" -}}
{{- printf "%s-%s" (include "keeplive.fullname" .root) .c.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "keeplive.componentSelectorLabels" -}}
{{ include "keeplive.selectorLabels" .root }}
app.kubernetes.io/component: {{ .c.name }}
{{- end -}}

{{- define "keeplive.componentLabels" -}}
{{ include "keeplive.labels" .root }}
app.kubernetes.io/component: {{ .c.name }}
{{- end -}}

{{/* The three services: values key, component name (= Spring config name = Prometheus job). */}}
{{- define "keeplive.components" -}}
resourceService: resource-service
relay: notifier-relay
gateway: live-gateway
{{- end -}}

{{- define "keeplive.image" -}}
{{- $registry := .root.Values.global.imageRegistry | default .root.Values.image.registry -}}
{{- $repository := .values.image.repository -}}
{{- $ref := "" -}}
{{- if .root.Values.image.digest -}}
{{- $ref = printf "@%s" .root.Values.image.digest -}}
{{- else -}}
{{- $ref = printf ":%s" (.root.Values.image.tag | default .root.Chart.AppVersion) -}}
{{- end -}}
{{- if $registry -}}
{{- printf "%s/%s%s" $registry $repository $ref -}}
{{- else -}}
{{- printf "%s%s" $repository $ref -}}
{{- end -}}
{{- end -}}

{{- define "keeplive.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "keeplive.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "keeplive.jwtSecretName" -}}
{{- .Values.jwt.existingSecret | default (printf "%s-jwt" (include "keeplive.fullname" .)) -}}
{{- end -}}

{{- define "keeplive.jwtSecretKey" -}}
{{- if .Values.jwt.existingSecret -}}{{ .Values.jwt.existingSecretKey }}{{- else -}}jwt-secret{{- end -}}
{{- end -}}

{{- define "keeplive.hasJwtSecret" -}}
{{- if or .Values.jwt.existingSecret .Values.jwt.secret -}}true{{- end -}}
{{- end -}}

{{- define "keeplive.postgresqlSecretName" -}}
{{- .Values.postgresql.existingSecret | default (printf "%s-postgresql" (include "keeplive.fullname" .)) -}}
{{- end -}}

{{- define "keeplive.postgresqlSecretKey" -}}
{{- if .Values.postgresql.existingSecret -}}{{ .Values.postgresql.existingSecretPasswordKey }}{{- else -}}password{{- end -}}
{{- end -}}

{{- define "keeplive.hasPostgresqlPassword" -}}
{{- if or .Values.postgresql.existingSecret .Values.postgresql.password -}}true{{- end -}}
{{- end -}}

{{- define "keeplive.postgresqlAddress" -}}
{{- $pg := .Values.postgresql -}}
{{- printf "//%s:%v/%s%s" $pg.host $pg.port $pg.database (ternary (printf "?%s" $pg.parameters) "" (ne $pg.parameters "")) -}}
{{- end -}}

{{- define "keeplive.resourceServiceUrl" -}}
{{- $c := dict "name" "resource-service" -}}
{{- printf "http://%s:%v" (include "keeplive.componentFullname" (dict "root" . "c" $c)) .Values.resourceService.service.ports.http -}}
{{- end -}}

{{/* Fails the render on settings that cannot work, with a message that names the value. */}}
{{- define "keeplive.validate" -}}
{{- if not .Values.kafka.bootstrapServers -}}
{{- fail "kafka.bootstrapServers is required: Keeplive runs against an existing Kafka cluster" -}}
{{- end -}}
{{- if not .Values.postgresql.host -}}
{{- fail "postgresql.host is required: Keeplive runs against an existing PostgreSQL" -}}
{{- end -}}
{{- if not (or .Values.jwt.jwksUri (include "keeplive.hasJwtSecret" .)) -}}
{{- fail "set jwt.jwksUri (RS256/ES256) and/or jwt.secret or jwt.existingSecret (HS256)" -}}
{{- end -}}
{{- if and .Values.gateway.autoscaling.hpa.enabled .Values.gateway.autoscaling.keda.enabled -}}
{{- fail "gateway.autoscaling.hpa.enabled and gateway.autoscaling.keda.enabled are mutually exclusive (KEDA manages its own HPA)" -}}
{{- end -}}
{{- if and .Values.gateway.autoscaling.keda.enabled (not .Values.gateway.autoscaling.keda.prometheusServerAddress) -}}
{{- fail "gateway.autoscaling.keda.prometheusServerAddress is required when KEDA is enabled" -}}
{{- end -}}
{{- end -}}
