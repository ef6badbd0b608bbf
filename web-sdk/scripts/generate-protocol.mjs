// Generates the protocol module from the same .proto files the server uses (proto/ module):
// no hand-written twin of the protocol. Output: src/generated/ (git-ignored), a static ES module
// for protobufjs/minimal plus its TypeScript declarations.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const protoRoot = join(root, '..', 'proto', 'src', 'main', 'protobuf');
const protoDir = join(protoRoot, 'likeness', 'v1');
const out = join(root, 'src', 'generated');
const bin = (name) => join(root, 'node_modules', '.bin', name);

mkdirSync(out, { recursive: true });
// The browser speaks only the WebSocket protocol: client.proto and the common types it imports.
const protos = ['client.proto', 'common.proto'].map((f) => join(protoDir, f));
execFileSync(bin('pbjs'), ['-t', 'static-module', '-w', 'es6', '--es6', '--no-service', '--force-number',
  '--no-verify', '--no-convert', '--no-delimited', '--no-typeurl',
  '-p', protoRoot, '-o', join(out, 'likeness-protocol.js'), ...protos], { stdio: 'inherit' });
execFileSync(bin('pbts'), ['-o', join(out, 'likeness-protocol.d.ts'), join(out, 'likeness-protocol.js')], { stdio: 'inherit' });
