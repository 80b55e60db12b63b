#!/usr/bin/env bash
# Memory for the Kubernetes manifests: the packaged service under the JVM options the manifests give it
# (JAVA_TOOL_OPTIONS in k8s/base/deployment.yaml) and, as the baseline in the same invocation, under no options (a
# heap the JVM sizes from the machine), on the x29 catalog (1,102 credentials, 203 qualifications), through start
# and a minute of evaluations from 4 clients. Prints, per set of options, the peak resident memory (sampled every
# second), the start to ready and the evaluations per second, with the rate as a ratio to the baseline's. A set
# whose peak comes near the manifests' memory limit, or whose rate falls well below the baseline's, is too small.
#   bench/memory.sh ['OPTIONS' ...]    default: the manifests' options, then none (the last set is the baseline)
set -euo pipefail
cd "$(dirname "$0")/.."
manifests=$(bench/manifest-jvm-options.sh)
option_sets=("$@")
[ ${#option_sets[@]} -gt 0 ] || option_sets=("$manifests" "")
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
declare -a peak start rate
for i in "${!option_sets[@]}"; do
  options=${option_sets[$i]}
  if curl -s -o /dev/null "http://localhost:$port/"; then
    echo "port $port is taken: another process would be measured" >&2; exit 1
  fi
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  java $options -XX:+ExitOnOutOfMemoryError \
    -Dquarkus.http.port=$port -Dpathways.rules.dir="$work/x29" -Dpathways.rules.watch.enabled=false \
    -Dmp.jwt.verify.publickey.location=file:target/dev-auth/public.pem -Dmp.jwt.verify.issuer=pathways-dev \
    -jar target/quarkus-app/quarkus-run.jar >"$work/service-$i.log" 2>&1 &
  pid=$!
  max=0
  until curl -fs "http://localhost:$port/q/health/ready" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "the service did not start with options '$options'"; tail -20 "$work/service-$i.log"; exit 1; }
    r=$(rss_mb); [ "$r" -gt "$max" ] && max=$r
    sleep 0.5
  done
  start[$i]=$(echo "$(date +%s.%N) - $t0" | bc)
  ( while kill -0 "$pid" 2>/dev/null; do rss_mb; echo; sleep 1; done ) > "$work/rss-$i.txt" &
  sampler=$!
  rate[$i]=$(java bench/Load.java "run$i" "http://localhost:$port/api/v1/evaluations" "$seconds" 4 "$token" \
    openapi/examples/evaluation-request.json | awk '/per_second/ {print $3}')
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  wait "$sampler" 2>/dev/null || true
  during=$(sort -n "$work/rss-$i.txt" | tail -1)
  peak[$i]=$(( during > max ? during : max ))
done
baseline=$((${#option_sets[@]} - 1))
echo "| JVM options | heap | peak resident (MB) | start to ready (s) | evaluations/s | ratio to the last |"
echo "| --- | --- | --- | --- | --- | --- |"
for i in "${!option_sets[@]}"; do
  options=${option_sets[$i]}
  # shellcheck disable=SC2086
  heap=$(java $options -XX:+PrintFlagsFinal -version 2>/dev/null \
    | awk '/ MaxHeapSize / {printf "%.0f MB", $4 / 1048576}')
  ratio=$(echo "scale=2; ${rate[$i]} / ${rate[$baseline]}" | bc)
  printf '| %s | %s | %s | %.1f | %s | %sx |\n' "${options:-(none)}" "$heap" "${peak[$i]}" "${start[$i]}" \
    "${rate[$i]}" "$ratio"
done
