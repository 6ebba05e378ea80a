{{/*
One service = Deployment + Service + PodDisruptionBudget, rendered from its values block.
Called with (dict "root" $ "key" "gateway"); the component name comes from keeplive.components.
*/}}
{{- define "keeplive.workload" -}}
{{- $root := .root -}}
{{- $values := index $root.Values .key -}}
{{- $c := dict "name" (index (include "keeplive.components" $root | fromYaml) .key) "key" .key -}}
{{- $ctx := dict "root" $root "c" $c -}}
{{- $fullname := include "keeplive.componentFullname" $ctx -}}
{{- $podSecurityContext := merge (deepCopy $values.podSecurityContext) (deepCopy $root.Values.podSecurityContext) -}}
{{- $containerSecurityContext := merge (deepCopy $values.containerSecurityContext) (deepCopy $root.Values.containerSecurityContext) -}}
{{- $autoscaled := and (eq .key "gateway") (or $values.autoscaling.hpa.enabled $values.autoscaling.keda.enabled) -}}
{{- /* The relay reads no token: only the gateway and resource-service verify tokens and share
       the live API credential, so only they get those Secrets. */}}
{{- $verifiesTokens := has .key (list "gateway" "resourceService") -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $fullname }}
  namespace: {{ $root.Release.Namespace | quote }}
  labels:
    {{- include "keeplive.componentLabels" $ctx | nindent 4 }}
  {{- with $root.Values.commonAnnotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- if not $autoscaled }}
  replicas: {{ $values.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  {{- with $values.updateStrategy }}
  strategy:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "keeplive.componentSelectorLabels" $ctx | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "keeplive.componentLabels" $ctx | nindent 8 }}
        {{- with $values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        {{- /* Restart pods when chart-managed secrets change. Generated values are memoised per
               render (keeplive.generatedValue), so all Deployments carry the same checksum,
               that of the Secrets rendered alongside them. */}}
        checksum/secrets: {{ include (print $root.Template.BasePath "/secrets.yaml") $root | sha256sum }}
        {{- with $values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "keeplive.serviceAccountName" $root }}
      automountServiceAccountToken: {{ $root.Values.serviceAccount.automountServiceAccountToken }}
      {{- with $root.Values.global.imagePullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      {{- with $values.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      terminationGracePeriodSeconds: {{ $values.terminationGracePeriodSeconds }}
      {{- if $root.Values.podSecurityContext.enabled }}
      securityContext:
        {{- toYaml (omit $podSecurityContext "enabled") | nindent 8 }}
      {{- end }}
      {{- if $values.affinity }}
      affinity:
        {{- toYaml $values.affinity | nindent 8 }}
      {{- else if $values.podAntiAffinityPreset }}
      affinity:
        podAntiAffinity:
          {{- if eq $values.podAntiAffinityPreset "hard" }}
          requiredDuringSchedulingIgnoredDuringExecution:
            - topologyKey: kubernetes.io/hostname
              labelSelector:
                matchLabels:
                  {{- include "keeplive.componentSelectorLabels" $ctx | nindent 18 }}
          {{- else }}
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchLabels:
                    {{- include "keeplive.componentSelectorLabels" $ctx | nindent 20 }}
          {{- end }}
      {{- end }}
      {{- with $values.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ $c.name }}
          image: {{ include "keeplive.image" (dict "root" $root "values" $values) }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          {{- if $root.Values.containerSecurityContext.enabled }}
          securityContext:
            {{- toYaml (omit $containerSecurityContext "enabled") | nindent 12 }}
          {{- end }}
          ports:
            - name: http
              containerPort: {{ $values.containerPorts.http }}
              protocol: TCP
            - name: management
              containerPort: {{ $values.containerPorts.management }}
              protocol: TCP
          env:
            - name: SERVER_PORT
              value: {{ $values.containerPorts.http | quote }}
            {{- /* Prometheus and debug endpoints live on this port only (SPEC 4.4); the public
                   port keeps the product API and the health probes. */}}
            - name: MANAGEMENT_SERVER_PORT
              value: {{ $values.containerPorts.management | quote }}
            - name: JAVA_TOOL_OPTIONS
              value: {{ include "keeplive.javaToolOptions" (dict "root" $root "values" $values) | quote }}
            {{- /* glibc creates up to 8 malloc arenas per core; their memory is outside every
                   JVM budget above, so it is capped to keep RSS predictable. */}}
            - name: MALLOC_ARENA_MAX
              value: "2"
            - name: KEEPLIVE_DEV_MODE
              value: {{ $root.Values.devMode | quote }}
            {{- /* The probes below need the liveness/readiness groups, whatever the packaged
                   defaults. Endpoint exposure stays the service's own (it may add endpoints). */}}
            - name: MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED
              value: "true"
            {{- /* Readiness with its reasons: a separate group that includes every contributor
                   and shows details. It has no public path, so it is served on the management
                   port only; the probe groups on the public port keep showing status only. */}}
            {{- with $root.Values.health.detailsGroup }}
            - name: MANAGEMENT_ENDPOINT_HEALTH_GROUP_{{ . | upper }}_INCLUDE
              value: "*"
            - name: MANAGEMENT_ENDPOINT_HEALTH_GROUP_{{ . | upper }}_SHOW_DETAILS
              value: {{ $root.Values.health.showDetails | quote }}
            {{- end }}
            {{- if $verifiesTokens }}
            {{- with (include "keeplive.jwtEnv" $root | trim) }}
            {{- . | nindent 12 }}
            {{- end }}
            - name: KEEPLIVE_LIVE_API_SERVICE_TOKEN
              valueFrom:
                secretKeyRef:
                  name: {{ include "keeplive.liveApiSecretName" $root }}
                  key: {{ include "keeplive.liveApiSecretKey" $root }}
            {{- end }}
            {{- include (printf "keeplive.env.%s" .key) $root | trim | nindent 12 }}
            {{- with $root.Values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
            {{- with $values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- with $root.Values.extraEnvFrom }}
          envFrom:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- if $values.startupProbe.enabled }}
          startupProbe:
            httpGet:
              path: /actuator/health/liveness
              port: http
            periodSeconds: {{ $values.startupProbe.periodSeconds }}
            timeoutSeconds: {{ $values.startupProbe.timeoutSeconds }}
            failureThreshold: {{ $values.startupProbe.failureThreshold }}
          {{- end }}
          {{- if $values.livenessProbe.enabled }}
          livenessProbe:
            httpGet:
              path: /actuator/health/liveness
              port: http
            initialDelaySeconds: {{ $values.livenessProbe.initialDelaySeconds }}
            periodSeconds: {{ $values.livenessProbe.periodSeconds }}
            timeoutSeconds: {{ $values.livenessProbe.timeoutSeconds }}
            failureThreshold: {{ $values.livenessProbe.failureThreshold }}
          {{- end }}
          {{- if $values.readinessProbe.enabled }}
          readinessProbe:
            httpGet:
              path: /actuator/health/readiness
              port: http
            initialDelaySeconds: {{ $values.readinessProbe.initialDelaySeconds }}
            periodSeconds: {{ $values.readinessProbe.periodSeconds }}
            timeoutSeconds: {{ $values.readinessProbe.timeoutSeconds }}
            failureThreshold: {{ $values.readinessProbe.failureThreshold }}
          {{- end }}
          {{- /* A pause before SIGTERM, so that endpoints are removed from Services and load
                 balancers before the server stops accepting requests. */}}
          {{- if $values.preStopSleepSeconds }}
          lifecycle:
            preStop:
              exec:
                command: ["sleep", {{ $values.preStopSleepSeconds | quote }}]
          {{- end }}
          {{- with $values.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- with $root.Values.extraVolumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
            {{- with $values.extraVolumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $root.Values.tmpSizeLimit }}
        {{- with $root.Values.extraVolumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
        {{- with $values.extraVolumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $fullname }}
  namespace: {{ $root.Release.Namespace | quote }}
  labels:
    {{- include "keeplive.componentLabels" $ctx | nindent 4 }}
  {{- $annotations := merge (deepCopy ($values.service.annotations | default dict)) (deepCopy ($root.Values.commonAnnotations | default dict)) }}
  {{- with $annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ $values.service.type }}
  {{- with $values.service.sessionAffinity }}
  sessionAffinity: {{ . }}
  {{- end }}
  ports:
    - name: http
      port: {{ $values.service.ports.http }}
      targetPort: http
      protocol: TCP
    - name: management
      port: {{ $values.service.ports.management }}
      targetPort: management
      protocol: TCP
  selector:
    {{- include "keeplive.componentSelectorLabels" $ctx | nindent 4 }}
{{- if $values.pdb.create }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $fullname }}
  namespace: {{ $root.Release.Namespace | quote }}
  labels:
    {{- include "keeplive.componentLabels" $ctx | nindent 4 }}
  {{- with $root.Values.commonAnnotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- /* 0 is a meaningful value for both fields (maxUnavailable: 0 blocks every voluntary
         eviction, minAvailable: 0 allows all), so only "" counts as unset. */}}
  {{- if ne (toString $values.pdb.minAvailable) "" }}
  minAvailable: {{ $values.pdb.minAvailable }}
  {{- else if ne (toString $values.pdb.maxUnavailable) "" }}
  maxUnavailable: {{ $values.pdb.maxUnavailable }}
  {{- else }}
  maxUnavailable: 1
  {{- end }}
  selector:
    matchLabels:
      {{- include "keeplive.componentSelectorLabels" $ctx | nindent 6 }}
{{- end }}
{{- end -}}

{{- define "keeplive.jwtEnv" -}}
{{- if include "keeplive.hasJwtSecret" . }}
- name: KEEPLIVE_JWT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "keeplive.jwtSecretName" . }}
      key: {{ include "keeplive.jwtSecretKey" . }}
{{- end }}
{{- with .Values.jwt.jwksUri }}
- name: KEEPLIVE_JWT_JWKS_URI
  value: {{ . | quote }}
{{- end }}
{{- with .Values.jwt.issuer }}
- name: KEEPLIVE_JWT_ISSUER
  value: {{ . | quote }}
{{- end }}
{{- with .Values.jwt.audience }}
- name: KEEPLIVE_JWT_AUDIENCE
  value: {{ . | quote }}
{{- end }}
{{- end -}}

{{- define "keeplive.postgresqlPasswordEnv" -}}
{{- if include "keeplive.hasPostgresqlPassword" .root }}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "keeplive.postgresqlSecretName" .root }}
      key: {{ include "keeplive.postgresqlSecretKey" .root }}
{{- end }}
{{- end -}}

{{- define "keeplive.env.resourceService" -}}
- name: SPRING_R2DBC_URL
  value: {{ printf "r2dbc:postgresql:%s" (include "keeplive.postgresqlAddress" (dict "root" . "driver" "r2dbc")) | quote }}
- name: SPRING_R2DBC_USERNAME
  value: {{ .Values.postgresql.username | quote }}
{{- include "keeplive.postgresqlPasswordEnv" (dict "root" . "name" "SPRING_R2DBC_PASSWORD") }}
- name: SPRING_FLYWAY_URL
  value: {{ printf "jdbc:postgresql:%s" (include "keeplive.postgresqlAddress" (dict "root" . "driver" "jdbc")) | quote }}
- name: SPRING_FLYWAY_USER
  value: {{ .Values.postgresql.username | quote }}
{{- include "keeplive.postgresqlPasswordEnv" (dict "root" . "name" "SPRING_FLYWAY_PASSWORD") }}
{{- end -}}

{{- define "keeplive.env.relay" -}}
- name: SPRING_DATASOURCE_URL
  value: {{ printf "jdbc:postgresql:%s" (include "keeplive.postgresqlAddress" (dict "root" . "driver" "jdbc")) | quote }}
- name: SPRING_DATASOURCE_USERNAME
  value: {{ .Values.postgresql.username | quote }}
{{- include "keeplive.postgresqlPasswordEnv" (dict "root" . "name" "SPRING_DATASOURCE_PASSWORD") }}
- name: SPRING_KAFKA_BOOTSTRAP_SERVERS
  value: {{ .Values.kafka.bootstrapServers | quote }}
- name: KEEPLIVE_RELAY_TOPIC
  value: {{ .Values.kafka.topic | quote }}
{{- end -}}

{{- define "keeplive.env.gateway" -}}
- name: SPRING_KAFKA_BOOTSTRAP_SERVERS
  value: {{ .Values.kafka.bootstrapServers | quote }}
- name: KEEPLIVE_GATEWAY_TOPIC
  value: {{ .Values.kafka.topic | quote }}
- name: KEEPLIVE_GATEWAY_RESOURCE_SERVICE_URL
  value: {{ include "keeplive.resourceServiceUrl" . | quote }}
{{- end -}}


{{/*
JAVA_TOOL_OPTIONS of one service: explicit budgets for every large JVM memory area, so that
heap + direct + metaspace + code cache (+ threads and GC, the rest) stay inside the container's
memory limit, and the processor count the pools size themselves by (without it the JVM sees
the node's cores, not the pod's share). Then the chart-wide javaToolOptions, then the service's
jvm.extraOptions (the last occurrence of a flag wins).
*/}}
{{- define "keeplive.javaToolOptions" -}}
{{- $jvm := .values.jvm -}}
{{- $opts := list (printf "-Xmx%s" $jvm.maxHeap) (printf "-XX:MaxDirectMemorySize=%s" $jvm.maxDirectMemory) (printf "-XX:MaxMetaspaceSize=%s" $jvm.maxMetaspace) (printf "-XX:ReservedCodeCacheSize=%s" $jvm.reservedCodeCache) (printf "-XX:ActiveProcessorCount=%v" $jvm.activeProcessorCount) -}}
{{- with .root.Values.javaToolOptions }}{{ $opts = append $opts . }}{{ end -}}
{{- with $jvm.extraOptions }}{{ $opts = append $opts . }}{{ end -}}
{{- join " " $opts -}}
{{- end -}}
