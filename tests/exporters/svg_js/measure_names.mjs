// Opens SVG files in headless Chromium and reports, for every stage group, the box of its
// name text and of its stage rectangle: getBBox() (user units) and getBoundingClientRect()
// (CSS pixels). Usage: node measure_names.mjs CHROMIUM FILE.svg...  -> JSON on stdout.
// FONTCONFIG_FILE, when set, is passed on to Chromium (to test font fallback).
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const [executablePath, ...files] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"],
  env: { ...process.env },
});
const results = {};
try {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(String(error)));
  for (const file of files) {
    await page.goto(pathToFileURL(file).href);
    await page.evaluate(() => document.fonts.ready);
    results[file] = await page.evaluate(() => {
      const box = (r) => [r.x, r.y, r.x + r.width, r.y + r.height];
      const stages = {};
      for (const group of document.querySelectorAll("g.stage")) {
        const text = group.querySelector(":scope > text.name");
        const rect = group.querySelector(":scope > rect.box");
        stages[group.id] = {
          text: box(text.getBBox()),
          rect: box(rect.getBBox()),
          textClient: box(text.getBoundingClientRect()),
          rectClient: box(rect.getBoundingClientRect()),
          content: text.textContent,
        };
      }
      return stages;
    });
  }
  results["__problems__"] = problems;
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results));
