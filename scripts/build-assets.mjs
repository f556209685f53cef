// Copies the browser builds of the npm dependencies into static/vendor/.
// Plain Node (>= 20), no extra packages. Run with `npm run build`.
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const vendor = join(root, "static", "vendor");

// Each entry: candidate sources (first that exists wins), relative to
// node_modules, and the file name to write under static/vendor/.
const assets = [
  { sources: ["bootstrap/dist/css/bootstrap.min.css"], dest: "bootstrap.min.css" },
  { sources: ["bootstrap/dist/js/bootstrap.bundle.min.js"], dest: "bootstrap.bundle.min.js" },
  { sources: ["socket.io-client/dist/socket.io.min.js"], dest: "socket.io.min.js" },
  { sources: ["chart.js/dist/chart.umd.js", "chart.js/dist/chart.umd.min.js"], dest: "chart.umd.js" },
];

function fail(message) {
  console.error(`build-assets: ${message}`);
  process.exit(1);
}

if (!existsSync(modules)) {
  fail("node_modules/ is missing; run `npm ci` first");
}

// static/vendor/ is entirely generated: start from an empty directory so
// files of an older dependency version never linger.
rmSync(vendor, { recursive: true, force: true });
mkdirSync(vendor, { recursive: true });

const copied = [];
function copy(from, to) {
  copyFileSync(from, to);
  copied.push(`${relative(root, from)} -> ${relative(root, to)}`);
}

for (const asset of assets) {
  const source = asset.sources.map((s) => join(modules, s)).find((p) => existsSync(p));
  if (!source) {
    fail(`none of ${asset.sources.join(", ")} found in node_modules/`);
  }
  copy(source, join(vendor, asset.dest));

  // The source map keeps its original name: that is the name the
  // sourceMappingURL comment inside the copied file refers to.
  const map = `${source}.map`;
  if (existsSync(map)) {
    copy(map, join(vendor, basename(map)));
  }
}

for (const line of copied) {
  console.log(`copied ${line}`);
}

writeFileSync(join(vendor, ".built"), `${new Date().toISOString()}\n`);
console.log(`wrote ${relative(root, join(vendor, ".built"))}`);
