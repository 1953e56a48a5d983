/** Median timing for benchmarks, and the one JSON line each result is printed as. */
export interface BenchResult {
  bench: string;
  backend: 'pglite' | 'postgres';
  size: number;
  ms: number;
  floor_ms: number;
  ratio: number;
  [extra: string]: unknown;
}

export async function median(runs: number, body: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await body();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: round(times[Math.floor(times.length / 2)] ?? 0), p95: round(times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)] ?? 0) };
}

export function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export function printResult(result: BenchResult): void {
  process.stdout.write(JSON.stringify(result) + '\n');
}
