#!/usr/bin/env node
// The satview command. The sources are TypeScript run through tsx, so there
// is no separate compile step that could fall out of date.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
