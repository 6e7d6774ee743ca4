#!/usr/bin/env bash
# Builds the benchmarks and runs every table of BENCHMARKS.md, then prints them as Markdown.
# About 35 minutes on the 2-core reference machine. Results (JMH JSON) go to benchmarks/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=benchmarks/results
JAR=benchmarks/target/benchmarks.jar
mkdir -p "$OUT"

build() { # optional: -Dsoma.codeStrategy=unrolled or =loops (passed to javac as -Asoma.codeStrategy), forcing one form
  rm -rf benchmarks/target/classes benchmarks/target/generated-sources
  mvn -q -B -DskipTests verify -pl benchmarks -am "$@"
}

build
java -jar "$JAR" '\.(N[1-5]|A[A-Z][a-z]+)Benchmark\.' -prof gc -rf json -rff "$OUT/forward.json"
java -jar "$JAR" ColdStartBenchmark -rf json -rff "$OUT/cold-start.json"
# The SIMD backend (@Network(simd = true)) beside the plain loops and ONNX Runtime; short runs.
java -jar "$JAR" 'N[23]Benchmark\.(soma|ortOneThread|ortDefault)$' 'N[23]SimdBenchmark\.soma$' \
  -f 2 -wi 5 -i 5 -prof gc -rf json -rff "$OUT/simd.json"
java -jar "$JAR" SimdColdStartBenchmark -f 5 -rf json -rff "$OUT/simd-cold-start.json"
# The batched form (64 inputs per call) and the kernels that measure this core's FMA peak.
java -jar "$JAR" 'BatchedN2Benchmark|PeakFlopsBenchmark|PassLengthBenchmark' \
  -prof gc -rf json -rff "$OUT/batched.json"
# The SIMD batched kernel: batch 1 to 256, plain and SIMD batched against ONNX Runtime on one
# thread, N2 and N3, with the FMA peak in the same run; activation-heavy N3 shapes at batch 1.
java -jar "$JAR" 'BatchSizesBenchmark|PeakFlopsBenchmark\.fma$|VectorPeakBenchmark|Smooth(Tanh|Sigmoid|Gelu)SimdBenchmark\.(soma|ortOneThread)$' \
  -f 1 -wi 8 -i 5 -prof gc -rf json -rff "$OUT/simd-batched.json"
# Weight storage (F32, BF16, INT8) at batch 1 beside ONNX Runtime's fp32, weight-only QDQ and
# dynamically quantized models (issue 11's table).
java -jar "$JAR" 'StorageBenchmark\.soma$|QuantizedOrtBenchmark' -p variant=somaInt8Simd,ortF32,ortQdq,ortDynamic \
  -f 2 -wi 8 -i 5 -w 300ms -r 300ms -prof gc -rf json -rff "$OUT/storage.json"
# Soma against ONNX Runtime timed in alternation (InterleavedRatio): the targets' ratios on a host
# whose speed moves while JMH runs one benchmark after another.
: > "$OUT/interleaved.txt"
for run in 'N2 64' 'N3 64' 'N2 256' 'N3 256' 'N3row 1' 'sigmoid 1' 'tanh 1' 'gelu 1'; do
  # shellcheck disable=SC2086
  java --add-modules jdk.incubator.vector -cp "$JAR" dev.soma.benchmarks.InterleavedRatio $run 16 2>/dev/null \
    | grep '^RESULT' >> "$OUT/interleaved.txt"
done
# Float activations: EXACT (Activations) against FAST (FastActivations), per function and in N1
# (N1ChainPartsBenchmark: the N1 latency chain piece by piece).
java -jar "$JAR" 'ActivationMathBenchmark|N1Chain(Parts)?Benchmark' -rf json -rff "$OUT/activations.json"
build -Dsoma.codeStrategy=unrolled
java -jar "$JAR" StrategyBenchmark -rf json -rff "$OUT/strategy-unrolled.json"
build -Dsoma.codeStrategy=loops
java -jar "$JAR" StrategyBenchmark -rf json -rff "$OUT/strategy-loops.json"
build

for table in forward cold-start simd simd-cold-start batched simd-batched storage activations strategy-unrolled strategy-loops; do
  echo "## $table"
  python3 benchmarks/summarize.py "$OUT/$table.json"
done
echo "## interleaved (ONNX Runtime one thread / Soma, median of 16 rounds)"
cat "$OUT/interleaved.txt"
