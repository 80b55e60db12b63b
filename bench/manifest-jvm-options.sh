#!/usr/bin/env bash
# Prints the JVM options the Kubernetes manifests give the service (JAVA_TOOL_OPTIONS in k8s/base/deployment.yaml),
# without the temporary directory they point at /tmp: the benchmarks run the service as it is deployed.
set -euo pipefail
cd "$(dirname "$0")/.."
awk '/name: JAVA_TOOL_OPTIONS/ {getline; sub(/.*value: "/, ""); sub(/".*/, ""); print; exit}' k8s/base/deployment.yaml \
  | sed 's/ -Djava.io.tmpdir=[^ ]*//'
