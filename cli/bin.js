#!/usr/bin/env node
// `npx clientnote ...`: runs the TypeScript CLI through tsx on the project's Node.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
