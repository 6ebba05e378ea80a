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

{{/*
Image reference of one service: the service's own registry/tag/digest win over the chart-wide
image.* (so one service can be pinned or rolled back alone), global.imageRegistry over both
registries. A digest wins over a tag.
*/}}
{{- define "keeplive.image" -}}
{{- $image := .values.image -}}
{{- $registry := .root.Values.global.imageRegistry | default $image.registry | default .root.Values.image.registry -}}
{{- $digest := $image.digest | default .root.Values.image.digest -}}
{{- $ref := "" -}}
{{- if $digest -}}
{{- $ref = printf "@%s" $digest -}}
{{- else -}}
{{- $ref = printf ":%s" ($image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion) -}}
{{- end -}}
{{- if $registry -}}
{{- printf "%s/%s%s" $registry $image.repository $ref -}}
{{- else -}}
{{- printf "%s%s" $image.repository $ref -}}
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
{{- if or .Values.jwt.existingSecret .Values.jwt.secret (not .Values.jwt.jwksUri) -}}true{{- end -}}
{{- end -}}

{{/* True when the chart renders the JWT Secret itself (given or generated secret). */}}
{{- define "keeplive.rendersJwtSecret" -}}
{{- if and (not .Values.jwt.existingSecret) (or .Values.jwt.secret (not .Values.jwt.jwksUri)) -}}true{{- end -}}
{{- end -}}

{{/*
A chart-generated secret value, generated ONCE per release and ONCE per render:
  1. the value already in the cluster (lookup; empty under `helm template`, --dry-run=client and
     GitOps tools that render offline),
  2. else the value generated earlier in this same render (memoised in .Values, which every
     template of one render shares), so the Secret and the checksum of every Deployment agree,
  3. else a new random value.
Called with (dict "root" $ "secret" <Secret name> "key" <data key>).
*/}}
{{- define "keeplive.generatedValue" -}}
{{- $cacheKey := printf "%s/%s" .secret .key -}}
{{- $cache := .root.Values.keeplivegeneratedcache | default dict -}}
{{- if not (hasKey $cache $cacheKey) -}}
{{- $value := "" -}}
{{- $existing := lookup "v1" "Secret" .root.Release.Namespace .secret -}}
{{- if and $existing $existing.data (hasKey $existing.data .key) -}}
{{- $value = index $existing.data .key | b64dec -}}
{{- else -}}
{{- $value = randAlphaNum 48 -}}
{{- end -}}
{{- $_ := set $cache $cacheKey $value -}}
{{- $_ := set .root.Values "keeplivegeneratedcache" $cache -}}
{{- end -}}
{{- index $cache $cacheKey -}}
{{- end -}}

{{/* jwt.secret, else the generated one (see keeplive.generatedValue). */}}
{{- define "keeplive.jwtSecretValue" -}}
{{- if .Values.jwt.secret -}}
{{- .Values.jwt.secret -}}
{{- else -}}
{{- include "keeplive.generatedValue" (dict "root" . "secret" (include "keeplive.jwtSecretName" .) "key" "jwt-secret") -}}
{{- end -}}
{{- end -}}

{{/* The gateways' credential for resource-service's live API (header Keeplive-Service-Token). */}}
{{- define "keeplive.liveApiSecretName" -}}
{{- .Values.liveApi.existingSecret | default (printf "%s-live-api" (include "keeplive.fullname" .)) -}}
{{- end -}}

{{- define "keeplive.liveApiSecretKey" -}}
{{- if .Values.liveApi.existingSecret -}}{{ .Values.liveApi.existingSecretKey }}{{- else -}}live-api-service-token{{- end -}}
{{- end -}}

{{- define "keeplive.liveApiTokenValue" -}}
{{- if .Values.liveApi.serviceToken -}}
{{- .Values.liveApi.serviceToken -}}
{{- else -}}
{{- include "keeplive.generatedValue" (dict "root" . "secret" (include "keeplive.liveApiSecretName" .) "key" "live-api-service-token") -}}
{{- end -}}
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

{{/*
//host:port/database?query for one driver: (dict "root" $ "driver" "jdbc"|"r2dbc"). Both drivers
read sslmode; the CA file is sslrootcert for PgJDBC and sslRootCert for r2dbc-postgresql.
*/}}
{{- define "keeplive.postgresqlAddress" -}}
{{- $pg := .root.Values.postgresql -}}
{{- $query := list -}}
{{- with $pg.sslMode }}{{ $query = append $query (printf "sslmode=%s" .) }}{{ end -}}
{{- with $pg.sslRootCert }}{{ $query = append $query (printf "%s=%s" (ternary "sslrootcert" "sslRootCert" (eq $.driver "jdbc")) .) }}{{ end -}}
{{- with $pg.parameters }}{{ $query = append $query . }}{{ end -}}
{{- printf "//%s:%v/%s%s" $pg.host $pg.port $pg.database (ternary (printf "?%s" (join "&" $query)) "" (gt (len $query) 0)) -}}
{{- end -}}

{{- define "keeplive.resourceServiceUrl" -}}
{{- $c := dict "name" "resource-service" -}}
{{- printf "http://%s:%v" (include "keeplive.componentFullname" (dict "root" . "c" $c)) .Values.resourceService.service.ports.http -}}
{{- end -}}

{{/* Fails the render on settings that cannot work, with a message that names the value. */}}
{{- define "keeplive.validate" -}}
{{- if not .Values.kafka.bootstrapServers -}}
{{- fail "kafka.bootstrapServers must not be empty: Keeplive runs against an existing Kafka cluster" -}}
{{- end -}}
{{- if not .Values.postgresql.host -}}
{{- fail "postgresql.host must not be empty: Keeplive runs against an existing PostgreSQL" -}}
{{- end -}}
{{- if and .Values.gateway.autoscaling.hpa.enabled .Values.gateway.autoscaling.keda.enabled -}}
{{- fail "gateway.autoscaling.hpa.enabled and gateway.autoscaling.keda.enabled are mutually exclusive (KEDA manages its own HPA)" -}}
{{- end -}}
{{- if and .Values.gateway.autoscaling.keda.enabled (not .Values.gateway.autoscaling.keda.prometheusServerAddress) -}}
{{- fail "gateway.autoscaling.keda.prometheusServerAddress is required when KEDA is enabled" -}}
{{- end -}}
{{- range $key := list "resourceService" "relay" "gateway" -}}
{{- $v := index $.Values $key -}}
{{- if eq (int $v.containerPorts.http) (int $v.containerPorts.management) -}}
{{- fail (printf "%s.containerPorts.management must differ from containerPorts.http: metrics and debug endpoints must not be served on the public port" $key) -}}
{{- end -}}
{{- if and (ne (toString $v.pdb.minAvailable) "") (ne (toString $v.pdb.maxUnavailable) "") -}}
{{- fail (printf "%s.pdb.minAvailable and %s.pdb.maxUnavailable are mutually exclusive" $key $key) -}}
{{- end -}}
{{- end -}}
{{- end -}}


{{/* runbook_url of one alert; none when metrics.prometheusRule.runbookBaseUrl is empty (a bare
     "#anchor" would be a broken link in every notification). */}}
{{- define "keeplive.runbookUrl" -}}
{{- with .root.Values.metrics.prometheusRule.runbookBaseUrl -}}
runbook_url: {{ printf "%s#%s" (trimSuffix "/" .) $.anchor | quote }}
{{- end -}}
{{- end -}}

{{/* Scaling in closes WebSocket sessions (clients reconnect elsewhere): scale down slowly, one
     pod at a time, whether the HPA is the chart's or KEDA's. */}}
{{- define "keeplive.gatewayScalingBehavior" -}}
scaleDown:
  stabilizationWindowSeconds: 600
  policies:
    - type: Pods
      value: 1
      periodSeconds: 120
scaleUp:
  stabilizationWindowSeconds: 0
  policies:
    - type: Percent
      value: 100
      periodSeconds: 60
{{- end -}}
