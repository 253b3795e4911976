#!/usr/bin/env node
// After `vite build web`: writes a Brotli (.br) and a gzip (.gz) copy beside every text file of
// web/dist, so the server sends the compressed copy a browser accepts (@fastify/static's
// preCompressed) without compressing on each request. Fonts and images are already compressed.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');
const TEXT = /\.(?:js|mjs|css|html|svg|json|txt|map)$/;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

let before = 0;
let after = 0;
for (const path of files(dist).filter((p) => TEXT.test(p))) {
  const body = readFileSync(path);
  const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  writeFileSync(`${path}.br`, br);
  writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
  before += body.length;
  after += br.length;
}
console.log(`web/dist: ${(before / 1024).toFixed(0)} kB of text, ${(after / 1024).toFixed(0)} kB as Brotli`);
