#!/usr/bin/env bash
# Spark resource discovery script for GPUs (spark.{worker,executor,driver}.resource.gpu.discoveryScript).
# Prints one JSON object: {"name": "gpu", "addresses": ["0", "1", ...]}, the indexes nvidia-smi reports.
# WSSS_FAKE_GPUS="0,1" prints those addresses instead, without asking nvidia-smi (tests, CPU-only machines).
set -euo pipefail

if [[ -n "${WSSS_FAKE_GPUS+set}" ]]; then
  indexes="${WSSS_FAKE_GPUS//,/$'\n'}"
elif command -v nvidia-smi >/dev/null 2>&1; then
  indexes="$(nvidia-smi --query-gpu=index --format=csv,noheader)"
else
  echo "gpu-discovery: nvidia-smi not found and WSSS_FAKE_GPUS not set" >&2
  exit 1
fi

addresses=""
while IFS= read -r index; do
  index="${index//[[:space:]]/}"
  [[ -z "$index" ]] && continue
  if [[ ! "$index" =~ ^[0-9]+$ ]]; then
    echo "gpu-discovery: unexpected GPU index '$index'" >&2
    exit 1
  fi
  addresses+="${addresses:+, }\"$index\""
done <<< "$indexes"

echo "{\"name\": \"gpu\", \"addresses\": [$addresses]}"
