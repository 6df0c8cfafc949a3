#!/usr/bin/env bash
# Example: the whole pipeline on YARN with GPU scheduling (YARN 3.x with the GPU resource plugin enabled).
# Needs: SPARK_HOME (Spark 4.1), HADOOP_CONF_DIR or YARN_CONF_DIR of the cluster, and on every GPU node the CUDA
# libtorch 2.7.1 at /opt/libtorch/lib and deploy/gpu-discovery.sh at /opt/wsss/deploy/ (see docs/DEPLOY.md).
# Object-storage credentials: the nodes' instance role, or a Hadoop credential provider (hadoop.security.
# credential.provider.path), never a file of this repository.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
EXECUTORS="${EXECUTORS:-4}"
APP_JAR=("$ROOT"/target/wsss-spark-*-app.jar)
if [[ ! -f "${APP_JAR[0]}" ]]; then
  echo "no application jar: run mvn -B -Pcluster -DskipTests package first" >&2
  exit 2
fi

# Client deploy mode: the driver runs here, prints each stage's progress, and reads --conf files from here.
# YARN maps spark.executor.resource.gpu.amount to its yarn.io/gpu resource.
exec "$SPARK_HOME/bin/spark-submit" \
  --master yarn \
  --deploy-mode client \
  --name wsss-pipeline \
  --class org.wsss.cli.Wsss \
  --properties-file "$ROOT/deploy/spark-gpu.conf" \
  --conf spark.executor.instances="$EXECUTORS" \
  --conf spark.yarn.maxAppAttempts=1 \
  "${APP_JAR[0]}" \
  pipeline --conf "$ROOT/conf/cluster.conf" \
  --data-root s3a://my-bucket/oxford-iiit-pet --run-root s3a://my-bucket/wsss-runs/run-001 "$@"
