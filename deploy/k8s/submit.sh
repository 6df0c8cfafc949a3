#!/usr/bin/env bash
# Example: the whole pipeline on Kubernetes, driver and executors in the wsss-spark image (docker/).
# Needs: SPARK_HOME (Spark 4.1 on the submitting machine), kubectl access, a namespace with a service account
# allowed to create pods, and object-storage credentials in a Kubernetes secret (never in files of this repo):
#   kubectl -n wsss create secret generic wsss-s3 \
#     --from-literal=AWS_ACCESS_KEY_ID=... --from-literal=AWS_SECRET_ACCESS_KEY=...
set -euo pipefail

API_SERVER="${API_SERVER:?set API_SERVER to the Kubernetes API URL, e.g. https://k8s.example.com:6443}"
IMAGE="${IMAGE:?set IMAGE to the wsss-spark image, e.g. registry.example.com/wsss-spark:0.1.0}"
NAMESPACE="${NAMESPACE:-wsss}"
EXECUTORS="${EXECUTORS:-4}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Cluster deploy mode: the driver runs in a pod too, so the settings file must be inside the image
# (/opt/wsss/conf) or on object storage; --conf paths on this machine would not exist there.
exec "$SPARK_HOME/bin/spark-submit" \
  --master "k8s://$API_SERVER" \
  --deploy-mode cluster \
  --name wsss-pipeline \
  --class org.wsss.cli.Wsss \
  --properties-file "$HERE/../spark-gpu.conf" \
  --conf spark.kubernetes.namespace="$NAMESPACE" \
  --conf spark.kubernetes.container.image="$IMAGE" \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName=wsss-spark \
  --conf spark.kubernetes.executor.podTemplateFile="$HERE/pod-template.yaml" \
  --conf spark.executor.instances="$EXECUTORS" \
  --conf spark.kubernetes.driverSecretKeyRef.AWS_ACCESS_KEY_ID=wsss-s3:AWS_ACCESS_KEY_ID \
  --conf spark.kubernetes.driverSecretKeyRef.AWS_SECRET_ACCESS_KEY=wsss-s3:AWS_SECRET_ACCESS_KEY \
  --conf spark.kubernetes.executorSecretKeyRef.AWS_ACCESS_KEY_ID=wsss-s3:AWS_ACCESS_KEY_ID \
  --conf spark.kubernetes.executorSecretKeyRef.AWS_SECRET_ACCESS_KEY=wsss-s3:AWS_SECRET_ACCESS_KEY \
  --conf spark.kubernetes.driver.request.cores=2 \
  --conf spark.executor.resource.gpu.discoveryScript=/opt/wsss/deploy/gpu-discovery.sh \
  local:///opt/wsss/wsss-spark-app.jar \
  pipeline --conf /opt/wsss/conf/cluster.conf \
  --data-root s3a://my-bucket/oxford-iiit-pet --run-root s3a://my-bucket/wsss-runs/run-001 "$@"
