// The entry of dist/cjs/xray-sdk.js, aws-xray-sdk-core and its dependencies in one file (see
// scripts/build-xray-sdk.mjs). Nothing of the SDK runs when the file is loaded: esbuild wraps each
// bundled module in a function that runs on its first require(), so the tracer can read `version`
// and decide whether to use this copy before any of the SDK's code runs.
'use strict';

/** Where the SDK's `aws` block builder hangs on the SDK object: the SDK exports no name for it. */
const AWS_ATTRIBUTES = Symbol.for('@lambkit/tracer.xray-aws-attributes');

/** The version of aws-xray-sdk-core in this file. */
exports.version = require('aws-xray-sdk-core/package.json').version;

/**
 * Runs the SDK's modules (once) and returns the SDK, as `require('aws-xray-sdk-core')` would, with
 * the constructor of its `aws` block under a registered symbol (not enumerable: users never see it).
 */
exports.loadSdk = function loadSdk() {
  const xray = require('aws-xray-sdk-core');
  if (!Object.hasOwn(xray, AWS_ATTRIBUTES)) {
    Object.defineProperty(xray, AWS_ATTRIBUTES, {
      value: require('aws-xray-sdk-core/dist/lib/segments/attributes/aws.js'),
    });
  }
  return xray;
};
