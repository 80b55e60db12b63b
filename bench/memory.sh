#!/usr/bin/env bash
# Memory for the Kubernetes limits: the packaged service under the heap a container of each memory limit gives it
# (-XX:MaxRAM=LIMIT with the manifests' -XX:MaxRAMPercentage=75), on the x29 catalog (1,102 credentials, 203
# qualifications), through start and a minute of evaluations from 4 clients. Prints, per limit, the peak resident
# memory (sampled every second), the start to ready and the evaluations per second, with the rate as a ratio to the
# largest limit's run (the baseline, run in the same invocation). A limit whose peak comes near it, or whose rate
# falls well below the baseline's, is too small.
#   bench/memory.sh [LIMIT ...]        default: 768m 1g 1536m (the largest last: it is the baseline)
set -euo pipefail
cd "$(dirname "$0")/.."
limits=("$@")
[ ${#limits[@]} -gt 0 ] || limits=(768m 1g 1536m)
seconds=${SECONDS_OF_LOAD:-60}
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

./mvnw -B -q package -DskipTests >/dev/null
java bench/Replicate.java rules 29 "$work/x29" >/dev/null
[ -f target/dev-auth/public.pem ] || ./pathways token admin >/dev/null
token=$(./pathways token lms)
port=18091

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status" 2>/dev/null || echo 0; }
declare -A peak start rate
for limit in "${limits[@]}"; do
  if curl -s -o /dev/null "http://localhost:$port/"; then
    echo "port $port is taken: another process would be measured" >&2; exit 1
  fi
  t0=$(date +%s.%N)
  java -XX:MaxRAM="$limit" -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError \
    -Dquarkus.http.port=$port -Dpathways.rules.dir="$work/x29" -Dpathways.rules.watch.enabled=false \
    -Dmp.jwt.verify.publickey.location=file:target/dev-auth/public.pem -Dmp.jwt.verify.issuer=pathways-dev \
    -jar target/quarkus-app/quarkus-run.jar >"$work/service-$limit.log" 2>&1 &
  pid=$!
  max=0
  until curl -fs "http://localhost:$port/q/health/ready" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "the service did not start under $limit"; tail -20 "$work/service-$limit.log"; exit 1; }
    r=$(rss_mb); [ "$r" -gt "$max" ] && max=$r
    sleep 0.5
  done
  start[$limit]=$(echo "$(date +%s.%N) - $t0" | bc)
  ( while kill -0 "$pid" 2>/dev/null; do rss_mb; echo; sleep 1; done ) > "$work/rss-$limit.txt" &
  sampler=$!
  rate[$limit]=$(java bench/Load.java "$limit" "http://localhost:$port/api/v1/evaluations" "$seconds" 4 "$token" \
    openapi/examples/evaluation-request.json | awk '/per_second/ {print $3}')
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  wait "$sampler" 2>/dev/null || true
  during=$(sort -n "$work/rss-$limit.txt" | tail -1)
  peak[$limit]=$(( during > max ? during : max ))
done
baseline=${limits[${#limits[@]}-1]}
echo "| container memory limit | heap (75%) | peak resident (MB) | start to ready (s) | evaluations/s | ratio to $baseline |"
echo "| --- | --- | --- | --- | --- | --- |"
for limit in "${limits[@]}"; do
  heap=$(java -XX:MaxRAM="$limit" -XX:MaxRAMPercentage=75 -XX:+PrintFlagsFinal -version 2>/dev/null \
    | awk '/ MaxHeapSize / {printf "%.0f MB", $4 / 1048576}')
  ratio=$(echo "scale=2; ${rate[$limit]} / ${rate[$baseline]}" | bc)
  printf '| %s | %s | %s | %.1f | %s | %sx |\n' "$limit" "$heap" "${peak[$limit]}" "${start[$limit]}" \
    "${rate[$limit]}" "$ratio"
done
