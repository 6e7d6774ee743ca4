#!/usr/bin/env bash
# Builds the benchmarks once per batched block shape (block,rows,columns: see BatchedForward) and
# times Soma's batched N2 with each. Usage: bash benchmarks/batch-shape-sweep.sh [shape...]
# Results (JMH JSON) go to benchmarks/results/batch-shape-<shape>.json.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=benchmarks/results
mkdir -p "$OUT"
SHAPES=("$@")
[ ${#SHAPES[@]} -gt 0 ] || SHAPES=(8,1,1 8,1,4 8,2,4 8,4,4 4,4,4 16,4,4 16,2,4 8,4,2)
for shape in "${SHAPES[@]}"; do
  rm -rf benchmarks/target/classes benchmarks/target/generated-sources
  mvn -q -B -DskipTests verify -pl benchmarks -am "-Dsoma.batchShape=$shape"
  cp benchmarks/target/benchmarks.jar "benchmarks/target/benchmarks-$shape.jar"
done
for shape in "${SHAPES[@]}"; do
  java -jar "benchmarks/target/benchmarks-$shape.jar" 'BatchedN2Benchmark\.somaBatched' \
    -rf json -rff "$OUT/batch-shape-$shape.json"
done
for shape in "${SHAPES[@]}"; do
  echo "## block,rows,columns = $shape"
  python3 benchmarks/summarize.py "$OUT/batch-shape-$shape.json" --baseline somaBatched
done
# Rebuild with the shape BatchedForward writes by default.
rm -rf benchmarks/target/classes benchmarks/target/generated-sources
mvn -q -B -DskipTests verify -pl benchmarks -am
