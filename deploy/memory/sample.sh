#!/bin/bash
# Samples RSS, peak RSS (VmHWM) and the cgroup peak of each service started by start-service.sh.
while true; do
  for n in live-gateway resource-service notifier-relay; do
    pid=$(cat /sys/fs/cgroup/memory/kl-$n/cgroup.procs 2>/dev/null | head -1)
    [ -z "$pid" ] && continue
    rss=$(grep VmRSS /proc/$pid/status | awk '{print $2}')
    hwm=$(grep VmHWM /proc/$pid/status | awk '{print $2}')
    cg=$(cat /sys/fs/cgroup/memory/kl-$n/memory.max_usage_in_bytes)
    echo "$(date +%T) $n pid=$pid rss_kib=$rss hwm_kib=$hwm cgroup_peak=$cg"
  done
  sleep 2
done
