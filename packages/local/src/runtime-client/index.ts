// lambkit's Lambda runtime client: what /var/runtime/index.mjs does in Lambda's Node.js runtimes,
// after aws-lambda-ric 4 (its handler loading, InvokeStore, console format, context, error
// documents) for buffered handlers. Response streaming is not supported: such a handler fails INIT.
// startLambda runs this file (its build, dist/esm/runtime-client/index.js) as the function process.
import { logSettings, patchConsole } from './console.js';
import { createInvokeStore, installAwsLambdaGlobal } from './invoke-store.js';
import { registerNodePathHooks } from './node-path-hooks.js';
import { RuntimeConnection } from './runtime-connection.js';
import { runRuntimeLoop } from './runtime-loop.js';

const store = createInvokeStore();
const settings = logSettings(process.env);
installAwsLambdaGlobal(store, process.env);
patchConsole(settings, store, (line) => process.stdout.write(line));
if (!process.argv.includes('--no-esm-node-path'))
  registerNodePathHooks(process.env.NODE_PATH, new URL('./node-path-hooks.js', import.meta.url).href);
// Not awaited, as in aws-lambda-ric: an INIT failure ends the process as an unhandled rejection
// (exit code 1), and a handler whose promise never settles with nothing else pending lets it exit.
runRuntimeLoop({
  connection: new RuntimeConnection(String(process.env.AWS_LAMBDA_RUNTIME_API)),
  store,
  env: process.env,
  json: settings.json,
  nodeMajor: Number(process.versions.node.split('.')[0]),
});
