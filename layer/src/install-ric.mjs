#!/usr/bin/env node
// Installs AWS's Runtime Interface Client for Node.js (the npm package aws-lambda-ric) for the
// layer's end-to-end test, once per machine, into a cache outside the clone:
//   ${LAMBKIT_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/lambkit}/aws-lambda-ric-<version>-<platform>-<arch>
// aws-lambda-ric 4 needs Node >= 22 and builds its native client at install time: its preinstall
// script compiles curl and aws-lambda-cpp from the sources in the tarball with cmake and make, and its
// postinstall builds a node-gyp addon. npm must be allowed to run those scripts (allowScripts), and
// node-gyp needs Node's headers, taken here from the npm package node-<platform>-<arch> of the same
// version as the Node 22 binary, since node-gyp's own download site may be out of reach. Measured on a
// 2-core machine: about 2 minutes (curl's configure and make are most of it).
//   node layer/src/install-ric.mjs      prints the package directory and the Node binary to use
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const RIC_VERSION = '4.0.2';
const NODE_MAJOR = 22;
const BUILD_TOOLS = ['cmake', 'make', 'g++', 'python3', 'tar'];

function cacheRoot() {
  if (process.env.LAMBKIT_CACHE_DIR) return process.env.LAMBKIT_CACHE_DIR;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'lambkit');
}

function log(message) {
  process.stderr.write(`install-ric: ${message}\n`);
}

function missingTools() {
  return BUILD_TOOLS.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
}

/** A Node 22 binary: this one when it is Node 22, else the npm registry's `node@22` package via npx. */
export function node22() {
  if (Number(process.versions.node.split('.')[0]) === NODE_MAJOR) return process.execPath;
  return execFileSync('npx', ['-y', '-p', `node@${NODE_MAJOR}`, '--', 'node', '-p', 'process.execPath'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

/** Node's headers for `version`, from the npm package node-<platform>-<arch>@<version>. */
function nodeHeaders(version, workDir) {
  const name = `node-${process.platform}-${process.arch}@${version}`;
  const packed = execFileSync('npm', ['pack', name, '--silent', '--pack-destination', workDir], {
    cwd: workDir,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop();
  execFileSync('tar', ['xzf', join(workDir, packed), '-C', workDir, 'package/include']);
  const dir = join(workDir, 'package');
  if (!existsSync(join(dir, 'include', 'node', 'node_api.h'))) {
    throw new Error(`install-ric: ${name} has no include/node/node_api.h`);
  }
  return dir;
}

/**
 * Returns `{ ricPath, node }`: the installed aws-lambda-ric package directory and the Node 22 binary
 * to run it with, installing it first when the cache lacks it. Throws an error naming what is
 * missing (build tools) or the failing step, with the end of the build log.
 *
 * @example
 * const { ricPath, node } = installRic();
 */
export function installRic() {
  const node = node22();
  const target = join(cacheRoot(), `aws-lambda-ric-${RIC_VERSION}-${process.platform}-${process.arch}`);
  const ricPath = join(target, 'node_modules', 'aws-lambda-ric');
  if (existsSync(join(ricPath, 'rapid-client.node'))) return { ricPath, node };

  const missing = missingTools();
  if (missing.length > 0) {
    throw new Error(
      `install-ric: aws-lambda-ric ${RIC_VERSION} compiles curl, aws-lambda-cpp and a node-gyp addon when installed; missing build tools: ${missing.join(', ')}`,
    );
  }
  const version = execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
  mkdirSync(dirname(target), { recursive: true });
  const work = mkdtempSync(join(dirname(target), '.install-'));
  try {
    log(`building aws-lambda-ric ${RIC_VERSION} with Node ${version} (about 2 minutes on 2 cores)`);
    const headers = nodeHeaders(version, work);
    const project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      `${JSON.stringify({ name: 'lambkit-ric', private: true, allowScripts: { 'aws-lambda-ric': true } }, null, 2)}\n`,
    );
    const started = Date.now();
    const result = spawnSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--foreground-scripts', `aws-lambda-ric@${RIC_VERSION}`],
      {
        cwd: project,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, PATH: `${dirname(node)}:${process.env.PATH}`, npm_config_nodedir: headers },
      },
    );
    const logFile = join(work, 'npm-install.log');
    writeFileSync(logFile, `${result.stdout}\n${result.stderr}`);
    if (
      result.status !== 0 ||
      !existsSync(join(project, 'node_modules', 'aws-lambda-ric', 'rapid-client.node'))
    ) {
      const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-25).join('\n');
      throw new Error(
        `install-ric: npm install aws-lambda-ric@${RIC_VERSION} failed (exit ${result.status}):\n${tail}`,
      );
    }
    writeFileSync(
      join(project, 'build-info.json'),
      `${JSON.stringify({ node: version, seconds: Math.round((Date.now() - started) / 1000) })}\n`,
    );
    rmSync(target, { recursive: true, force: true });
    renameSync(project, target);
    log(`built in ${Math.round((Date.now() - started) / 1000)} s, cached in ${target}`);
    return { ricPath, node };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The build time the cache recorded, in seconds, if the cache holds a build. */
export function cachedBuildSeconds() {
  const file = join(
    cacheRoot(),
    `aws-lambda-ric-${RIC_VERSION}-${process.platform}-${process.arch}`,
    'build-info.json',
  );
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).seconds : undefined;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const { ricPath, node } = installRic();
    console.log(ricPath);
    console.log(node);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
