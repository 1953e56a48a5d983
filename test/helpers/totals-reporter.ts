/**
 * Ends the run with the plain totals line CI reads: `N passed, N failed`. When RECARE_TEST_TOTALS_FILE
 * names a file, the same line is written there too, so CI can add up several runs (.ci/run).
 */
import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export default class TotalsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedHere++;
      }
      // A file that failed to load, or whose hooks failed, may have no failed test: count it anyway.
      if (module.state() === 'failed' && failedHere === 0) failedHere = 1;
      failed += failedHere;
    }
    failed += unhandledErrors.length;
    const totals = `${passed} passed, ${failed} failed`;
    process.stdout.write(`\n${totals}\n`);
    const file = process.env.RECARE_TEST_TOTALS_FILE;
    if (file) writeFileSync(file, `${totals}\n`);
  }
}
