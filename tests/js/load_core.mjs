// Loads the built wasm module (build/wasm-release/widget/sada-core.mjs, or $SADA_CORE_DIR) in node
// the way the widget does in a page: an ES module whose default export is the factory. Node 20
// cannot fetch() a file path, so the factory gets the wasm bytes (a browser fetches them).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { coreClient } from '../../widget/core_client.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const moduleDir = process.env.SADA_CORE_DIR ?? path.join(root, 'build/wasm-release/widget');

export async function loadCore() {
  const { default: createSadaCore } = await import(pathToFileURL(path.join(moduleDir, 'sada-core.mjs')).href);
  const core = await createSadaCore({ wasmBinary: readFileSync(path.join(moduleDir, 'sada-core.wasm')) });
  return { core, ...coreClient(core) };
}
