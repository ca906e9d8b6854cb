/**
 * Runs StrykerJS with the options given as JSON in the first argument: the child process `keel test --mutation`
 * starts, in the project's folder (Stryker works from the current directory) with node first on PATH (the tap runner
 * starts `node` by name). Stryker writes its JSON report where the options say; this process exits non-zero when
 * Stryker cannot run.
 */
import { Stryker } from '@stryker-mutator/core';

const options = JSON.parse(process.argv[2] ?? '{}') as ConstructorParameters<typeof Stryker>[0];
await new Stryker(options).runMutationTest();
