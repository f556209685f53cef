// Builds the browser assets for slow links. Run with `npm run build` (Node >= 20, after `npm ci`).
//
// 1. static/vendor/: what the pages use of the npm packages, minified under plain names:
//    Bootstrap's stylesheet with only the rules whose classes appear in templates/ or static/js/
//    (PurgeCSS), Bootstrap's JavaScript with only the components the templates
//    toggle, Chart.js with only the bar chart, and Socket.IO's client.
// 2. static/dist/: every file a template names (those above and the app's own static/css and
//    static/js, minified; the video room's modules bundled into one), under a name that carries
//    a hash of its content, each with a .gz and a .br beside it, and manifest.json mapping the
//    name a template uses (css/app.css) to the file to send (dist/css/app.1a2b3c4d5e.css).
//
// Both folders are generated (and ignored by git); static/vendor/.built stamps the build for make.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, posix, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const statics = join(root, "static");
const vendor = join(statics, "vendor");
const dist = join(statics, "dist");

// Bootstrap's own browser support (its .browserslistrc); the room's modules need Chrome 61.
const TARGET = ["chrome61", "firefox60", "safari12", "ios12", "edge79"];
// esbuild counts destructuring as missing before Safari 14.1 (a scoping bug) and cannot lower
// it; Bootstrap's and the room's sources use it already, as the unbuilt files do.
const SUPPORTED = { destructuring: true };
// The page scripts are ES5 so that old phone browsers run them; minifying keeps them so.
const PAGE_SCRIPT_TARGET = "es5";

// Bootstrap components built into vendor/bootstrap.min.js, one per data-bs-toggle value the
// templates use; the build fails when a template toggles one that is missing here.
const BOOTSTRAP_COMPONENTS = { collapse: "Collapse" };

// Classes that Bootstrap's JavaScript adds, or that are put together from parts (alert-{{ category }},
// "alert alert-" + kind) or handed over by Python code, so no template or script spells them out.
const SAFELIST = {
  standard: ["show", "showing", "hiding", "collapsing", "collapsed", "collapse-horizontal", "fade"],
  greedy: [/^alert-/],
};
// Where class names are written.
const CLASS_SOURCES = ["templates/**/*.html", "static/js/**/*.js"];

function fail(message) {
  console.error(`build-assets: ${message}`);
  process.exit(1);
}

if (!existsSync(modules)) {
  fail("node_modules/ is missing; run `npm ci` first");
}
const esbuild = await import("esbuild");
const { PurgeCSS } = await import("purgecss");

function files(directory, suffix) {
  return readdirSync(directory, { recursive: true })
    .filter((name) => name.endsWith(suffix))
    .map((name) => join(directory, name));
}

function checkBootstrapToggles() {
  const toggled = new Set();
  for (const file of files(join(root, "templates"), ".html")) {
    for (const match of readFileSync(file, "utf8").matchAll(/data-bs-toggle="([a-z]+)"/g)) {
      toggled.add(match[1]);
    }
  }
  const missing = [...toggled].filter((name) => !(name in BOOTSTRAP_COMPONENTS));
  if (missing.length) {
    fail(`templates toggle ${missing.join(", ")}: add it to BOOTSTRAP_COMPONENTS`);
  }
}

async function bootstrapStyles() {
  const [result] = await new PurgeCSS().purge({
    content: CLASS_SOURCES.map((pattern) => join(root, pattern)),
    css: [join(modules, "bootstrap/dist/css/bootstrap.css")],
    safelist: SAFELIST,
    keyframes: true,
  });
  return minifyCss(result.css);
}

async function bundle(contents, options = {}) {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: root, loader: "js" },
    bundle: true,
    minify: true,
    format: "iife",
    target: TARGET,
    supported: SUPPORTED,
    legalComments: "inline",
    write: false,
    logLevel: "silent",
    ...options,
  });
  return result.outputFiles[0].text;
}

function bootstrapScript() {
  const names = Object.entries(BOOTSTRAP_COMPONENTS);
  const imports = names.map(([file, name]) => `import ${name} from "bootstrap/js/src/${file}.js";`);
  // Each component wires its data-bs-* attributes on import; window.bootstrap keeps them used.
  return bundle(`${imports.join("\n")}\nwindow.bootstrap = { ${names.map(([, n]) => n).join(", ")} };\n`);
}

function chartScript() {
  // The dashboard and the workload page draw bar charts with a legend and tooltips.
  const parts = ["BarController", "BarElement", "CategoryScale", "LinearScale", "Legend", "Tooltip"];
  return bundle(
    `import { Chart, ${parts.join(", ")} } from "chart.js";\n` +
      `Chart.register(${parts.join(", ")});\nwindow.Chart = Chart;\n`,
  );
}

function withoutSourceMap(text) {
  // The map is not shipped: a browser's developer tools would ask for it in vain.
  return text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
}

async function minifyCss(text) {
  const result = await esbuild.transform(text, { loader: "css", minify: true, target: TARGET });
  return result.code;
}

async function minifyPageScript(text) {
  const result = await esbuild.transform(text, {
    loader: "js",
    minify: true,
    target: PAGE_SCRIPT_TARGET,
  });
  return result.code;
}

async function videoRoom() {
  const result = await esbuild.build({
    entryPoints: [join(statics, "js/video/main.js")],
    bundle: true,
    minify: true,
    format: "esm",
    target: TARGET,
    supported: SUPPORTED,
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

function write(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, contents);
}

// Each precompressed copy is kept only when it is smaller than the file itself.
function precompress(path, contents) {
  const buffer = Buffer.from(contents);
  const copies = {
    gz: gzipSync(buffer, { level: 9 }),
    br: brotliCompressSync(buffer, {
      params: {
        [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
        [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
        [zlib.BROTLI_PARAM_SIZE_HINT]: buffer.length,
      },
    }),
  };
  const sizes = { raw: buffer.length };
  for (const [suffix, copy] of Object.entries(copies)) {
    if (copy.length < buffer.length) {
      write(`${path}.${suffix}`, copy);
      sizes[suffix] = copy.length;
    }
  }
  return sizes;
}

const manifest = {};
const report = [];

// Write one asset under dist/ with its content's hash in the name, and record it.
function emit(logical, contents) {
  const hash = createHash("sha256").update(contents).digest("hex").slice(0, 10);
  const extension = posix.extname(logical);
  const stem = logical.slice(0, -extension.length);
  const name = posix.join("dist", `${stem}.${hash}${extension}`);
  const path = join(statics, name);
  write(path, contents);
  manifest[logical] = name;
  report.push([name, precompress(path, contents)]);
}

checkBootstrapToggles();
// Both folders are entirely generated: start from empty ones so no old file lingers.
rmSync(vendor, { recursive: true, force: true });
rmSync(dist, { recursive: true, force: true });

const vendored = {
  "bootstrap.min.css": await bootstrapStyles(),
  "bootstrap.min.js": await bootstrapScript(),
  "chart.min.js": await chartScript(),
  "socket.io.min.js": withoutSourceMap(
    readFileSync(join(modules, "socket.io-client/dist/socket.io.min.js"), "utf8"),
  ),
};
for (const [name, contents] of Object.entries(vendored)) {
  write(join(vendor, name), contents);
  emit(`vendor/${name}`, contents);
}

for (const path of files(join(statics, "css"), ".css")) {
  emit(posix.join("css", relative(join(statics, "css"), path)), await minifyCss(readFileSync(path, "utf8")));
}
for (const entry of readdirSync(join(statics, "js"), { withFileTypes: true })) {
  if (entry.isFile() && entry.name.endsWith(".js")) {
    const source = readFileSync(join(statics, "js", entry.name), "utf8");
    emit(`js/${entry.name}`, await minifyPageScript(source));
  }
}
emit("js/video/main.js", await videoRoom());

write(join(dist, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
for (const [name, sizes] of report) {
  const compressed = ["gz", "br"].map((s) => (s in sizes ? `${s} ${sizes[s]}` : `no ${s}`)).join(", ");
  console.log(`${name}: ${sizes.raw} bytes (${compressed})`);
}
console.log(`wrote ${relative(root, join(dist, "manifest.json"))} (${report.length} assets)`);

writeFileSync(join(vendor, ".built"), `${new Date().toISOString()}\n`);
console.log(`wrote ${relative(root, join(vendor, ".built"))}`);
