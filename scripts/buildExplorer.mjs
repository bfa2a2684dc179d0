// Builds the explorer (`npm run build:explorer`, and on every install): bundles
// gateway/explorer/main.tsx — GraphiQL, React, the hub's plugins, their CSS and fonts — with
// esbuild into gateway/explorer/dist/ (not committed), file names carrying a content hash, and
// writes the page that loads them. Nothing in the output refers to another origin.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// esbuild, GraphiQL and React are development dependencies of the gateway: a production install
// (`npm ci` with NODE_ENV=production) has none of them, and the gateway then answers /explorer
// with 503 naming this command. Build before pruning to serve the explorer from such an install.
let build;
try {
  ({ build } = await import('esbuild'));
} catch {
  console.log('esbuild is not installed (a production install); skipping the explorer: /explorer will answer 503 until `npm run build:explorer` runs');
  process.exit(0);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'gateway', 'explorer');
const outdir = process.env.EXPLORER_DIR ? path.resolve(root, process.env.EXPLORER_DIR) : path.join(source, 'dist');

const started = Date.now();
await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
const result = await build({
  entryPoints: [path.join(source, 'main.tsx')],
  bundle: true,
  outdir,
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  jsx: 'automatic',
  minify: true,
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file', '.svg': 'file', '.png': 'file' },
});
const outputs = Object.keys(result.metafile.outputs).map((file) => path.relative(outdir, path.resolve(root, file)));
const script = outputs.find((file) => file.endsWith('.js'));
const style = outputs.find((file) => file.endsWith('.css'));
if (!script) throw new Error('esbuild wrote no script for the explorer');
const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Business Crime Hub explorer</title>
${style ? `<link rel="stylesheet" href="/explorer/${style}">\n` : ''}<script type="module" src="/explorer/${script}"></script>
</head>
<body>
<div id="explorer"><noscript>The explorer is GraphiQL and needs JavaScript. The API itself answers at POST /graphql.</noscript></div>
</body>
</html>
`;
await writeFile(path.join(outdir, 'index.html'), page);
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`explorer built in ${Date.now() - started} ms: ${path.relative(root, outdir)}/ (${outputs.length + 1} files, ${Math.round(bytes / 1024)} KB)`);
