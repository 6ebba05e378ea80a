#!/bin/bash
# Starts one service JVM inside its own memory cgroup (v1) whose limit is the chart's container
# limit, with the chart's JAVA_TOOL_OPTIONS plus Native Memory Tracking, so that its peak RSS can be
# compared with the limit it has in Kubernetes. Used for the table in docs/operations.md ("Memory").
#   start-service.sh <name> <main class> <classpath file> <limit bytes> "<JAVA_TOOL_OPTIONS>" VAR=value...
set -eu
name=$1; main=$2; classpath=$3; limit=$4; options=$5; shift 5
cgroup=/sys/fs/cgroup/memory/kl-$name
mkdir -p "$cgroup"
echo "$limit" > "$cgroup/memory.limit_in_bytes"
# The shell joins the cgroup first, then becomes the JVM: every byte the JVM maps is charged there.
nohup env "$@" JAVA_TOOL_OPTIONS="$options -XX:NativeMemoryTracking=summary" MALLOC_ARENA_MAX=2 \
  sh -c "echo \$\$ > $cgroup/cgroup.procs; exec java -cp \"\$(cat $classpath)\" $main" \
  > "$name.log" 2>&1 &
echo "started $name"
