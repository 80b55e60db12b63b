#!/usr/bin/env bash
# Prints the `pathway-rules` ConfigMap (YAML) made from a rules directory, by default the repo's rules/.
#
#   k8s/rules-configmap.sh [RULES_DIR] | kubectl apply --server-side -f -
#
# One key per rule file (*.yaml, *.yml, *.drl; hidden files and folders skipped, as the service does). A ConfigMap
# is flat, so the key is the file's path in RULES_DIR with each '/' written '--':
#   catalog/ai-literacy.catalog.yaml -> catalog--ai-literacy.catalog.yaml
# The service tells catalogs, pathways, policies and scenarios apart by content and suffix, not by folder, so
# the flat directory it gets in the pod loads the same rules. Needs only kubectl; no cluster is contacted.
# Set CONFIGMAP_NAME to print it under another name.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
rules=${1:-$here/../rules}
name=${CONFIGMAP_NAME:-pathway-rules}
# The API server refuses a ConfigMap above 1 MiB in all; keep some room for the keys and metadata.
max_bytes=1000000

if [[ ! -d $rules ]]; then
    echo "rules-configmap: no rules directory at $rules" >&2
    exit 1
fi
rules=$(cd "$rules" && pwd)

args=()
total=0
while IFS= read -r -d '' found; do
    rel=${found#./}
    key=${rel//\//--}
    if [[ ! $key =~ ^[-._a-zA-Z0-9]+$ || ${#key} -gt 253 ]]; then
        echo "rules-configmap: '$rel' cannot be a ConfigMap key: use letters, digits, '-', '_' and '.'," \
            "at most 253 characters with the folders" >&2
        exit 1
    fi
    total=$((total + $(wc -c < "$rules/$rel")))
    args+=("--from-file=$key=$rules/$rel")
done < <(cd "$rules" && find . -mindepth 1 -name '.*' -prune -o -type f \
    \( -name '*.yaml' -o -name '*.yml' -o -name '*.drl' \) -print0 | LC_ALL=C sort -z)

if [[ ${#args[@]} -eq 0 ]]; then
    echo "rules-configmap: no rule files (*.yaml, *.yml, *.drl) under $rules" >&2
    exit 1
fi
if ((total > max_bytes)); then
    echo "rules-configmap: the rule files come to $total bytes; a ConfigMap holds at most about $max_bytes" >&2
    exit 1
fi

# A key named twice (e.g. a/b--c.yaml and a--b/c.yaml) makes kubectl fail, so no file is ever dropped silently.
kubectl create configmap "$name" "${args[@]}" --dry-run=client -o yaml \
    | kubectl label --local -f - app.kubernetes.io/name=pathway-engine -o yaml
