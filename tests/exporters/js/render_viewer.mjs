// Draws BPMN files with the bpmn-js viewer in headless Chromium (Debian's chromium, driven by
// playwright-core; no browser download) and lists what was drawn.
//
// Usage: node render_viewer.mjs [--screenshot DIR] FILE...
// Prints one JSON object per file on its own line:
//   {"file", "warnings": [...], "error": null|string, "drawn": [element ids with a
//    .djs-element[data-element-id] in the SVG]}
// Environment: CHROMIUM (default /usr/bin/chromium).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { mkdtempSync } from 'node:fs';

import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const dist = join(dirname(require.resolve('bpmn-js/package.json')), 'dist');

const args = process.argv.slice(2);
let shots = null;
if (args[0] === '--screenshot') {
  shots = args[1];
  args.splice(0, 2);
}

// A local page that loads the prebuilt viewer from node_modules; nothing leaves the machine.
const page_dir = mkdtempSync(join(tmpdir(), 'bpmn-viewer-'));
const page_file = join(page_dir, 'viewer.html');
writeFileSync(page_file, `<!doctype html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="${pathToFileURL(join(dist, 'assets/bpmn-js.css'))}">
<link rel="stylesheet" href="${pathToFileURL(join(dist, 'assets/diagram-js.css'))}">
<style>html, body, #canvas { margin: 0; width: 100%; height: 100%; }</style>
<script src="${pathToFileURL(join(dist, 'bpmn-viewer.production.min.js'))}"></script>
</head><body><div id="canvas"></div></body></html>`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-sync',
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(pathToFileURL(page_file).href);
  for (const file of args) {
    const xml = readFileSync(file, 'utf8');
    const result = await page.evaluate(async (text) => {
      const canvas = document.getElementById('canvas');
      canvas.innerHTML = '';
      // eslint-disable-next-line no-undef
      const viewer = new BpmnJS({ container: canvas });
      try {
        const { warnings } = await viewer.importXML(text);
        viewer.get('canvas').zoom('fit-viewport');
        const drawn = [...document.querySelectorAll('.djs-element[data-element-id]')]
          .map((element) => element.getAttribute('data-element-id'));
        return { warnings: warnings.map((w) => w.message), error: null, drawn };
      } catch (error) {
        return { warnings: (error.warnings || []).map((w) => w.message), error: String(error),
          drawn: [] };
      }
    }, xml);
    if (shots) {
      await page.screenshot({ path: join(shots, basename(file) + '.png') });
    }
    process.stdout.write(JSON.stringify({ file, ...result }) + '\n');
  }
} finally {
  await browser.close();
}
