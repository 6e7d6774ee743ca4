#!/usr/bin/env bash
# Builds the benchmarks once per register tile of the SIMD batched kernel (SimdBatchedForward;
# wideRows,wideVectors,narrowRows,narrowVectors) and times its N2 and N3 batches of 64 and 256 rows
# with each. The wide tile is the one a 512-bit (AVX-512) CPU runs; pass JVM_FLAGS=-XX:UseAVX=2 to
# time the narrow one on such a CPU. Usage: bash benchmarks/simd-tile-sweep.sh [tile...]
# Results (JMH JSON) go to benchmarks/results/simd-tile-<tile>.json.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=benchmarks/results
mkdir -p "$OUT"
TILES=("$@")
[ ${#TILES[@]} -gt 0 ] || TILES=(8,3,6,2 4,4,4,2 6,4,6,2 12,2,4,3 4,6,8,1 8,2,6,2)
for tile in "${TILES[@]}"; do
  rm -rf benchmarks/target/classes benchmarks/target/generated-sources
  mvn -q -B -DskipTests verify -pl benchmarks -am "-Dsoma.simdTile=$tile"
  cp benchmarks/target/benchmarks.jar "benchmarks/target/benchmarks-tile-$tile.jar"
done
for tile in "${TILES[@]}"; do
  java -jar "benchmarks/target/benchmarks-tile-$tile.jar" ${JVM_FLAGS:+-jvmArgsAppend "$JVM_FLAGS"} \
    'BatchSizesBenchmark\.simdBatched' -p rows=64,256 -f 1 -wi 3 -i 5 \
    -rf json -rff "$OUT/simd-tile-$tile.json"
done
for tile in "${TILES[@]}"; do
  echo "## wideRows,wideVectors,narrowRows,narrowVectors = $tile"
  python3 benchmarks/summarize.py "$OUT/simd-tile-$tile.json"
done
# Rebuild with the tiles SimdBatchedForward writes by default.
rm -rf benchmarks/target/classes benchmarks/target/generated-sources
mvn -q -B -DskipTests verify -pl benchmarks -am
