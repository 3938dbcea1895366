// Each build folder says its module format, so Node reads dist/esm as ES modules and dist/cjs as CommonJS
// whatever the package's own "type" is.
import { writeFileSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
writeFileSync(new URL('cjs/package.json', dist), JSON.stringify({ type: 'commonjs' }) + '\n');
writeFileSync(new URL('esm/package.json', dist), JSON.stringify({ type: 'module' }) + '\n');
