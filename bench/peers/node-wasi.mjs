// Runs a bench/ program's .wasm under Node's V8 with node:wasi, as a user
// of V8 would: compile, instantiate, start. Usage: node node-wasi.mjs F.wasm
import { readFile } from "node:fs/promises";
import { WASI } from "node:wasi";
import process from "node:process";

const wasi = new WASI({ version: "preview1", args: [process.argv[2]], env: {},
                        returnOnExit: true });
const module = await WebAssembly.compile(await readFile(process.argv[2]));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
