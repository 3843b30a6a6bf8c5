// Loaded with `--import` ahead of a runtime client that lacks Lambda's NODE_PATH fallback for ES
// modules (aws-lambda-ric started with `ricPath`): registers the hooks of node-path-hooks.ts.
import { registerNodePathHooks } from './node-path-hooks.js';

registerNodePathHooks(process.env.NODE_PATH, new URL('./node-path-hooks.js', import.meta.url).href);
