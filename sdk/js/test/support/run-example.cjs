// Runs the contract's JavaScript example as written, with only its apiKey and baseUrl filled in, then calls
// the buildApp() it defines (the example declares it and leaves the call to the reader).
//   node run-example.cjs EXAMPLE_FILE API_KEY BASE_URL
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const vm = require('node:vm');

const [file, apiKey, baseUrl] = process.argv.slice(2);
const example = readFileSync(file, 'utf8');
const filled = example
  .replace("apiKey: 'pk_live_...'", `apiKey: ${JSON.stringify(apiKey)}`)
  .replace("baseUrl: 'https://api.nexusforge.example.com'", `baseUrl: ${JSON.stringify(baseUrl)}`);
if (filled.includes('pk_live_...') || filled.includes('api.nexusforge.example.com')) {
  throw new Error('the example no longer has the apiKey/baseUrl placeholders this runner fills in');
}
// `require('nexusforge-sdk')` resolves from this package, through its own "exports" map (CommonJS build).
const context = vm.createContext({ require: createRequire(__filename), console });
vm.runInContext(filled, context, { filename: 'contract-example.js' });
context.buildApp().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
