// Paste the web version into a real rich-text editor in headless Chromium and report what the
// editor made of it (tests/test_webpage_paste.py).
//
//   node paste.mjs EDITOR FRAGMENT.html TEXT.txt RESULT.json [SCREENSHOT.png]
//
// EDITOR is the name of a page beside this script (kindeditor, tinymce). The page is served from
// this folder on 127.0.0.1 (a secure origin for the clipboard), the HTML and its plain-text
// alternative are put on Chromium's clipboard as text/html and text/plain, and Ctrl+V in the
// editor pastes them: a real, trusted paste, so the editor's own paste filter runs. RESULT.json
// gets the editor's resulting HTML and every table of it as rendered by a plain page: each cell
// with its place after resolving rowspan/colspan, its text, its text nodes and its borders.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const [editorName, fragmentFile, textFile, resultFile, screenshotFile] = process.argv.slice(2);
const here = fileURLToPath(new URL('.', import.meta.url));
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

const server = createServer((request, response) => {
  const local = normalize(join(here, decodeURIComponent(new URL(request.url, 'http://x').pathname)));
  if (!local.startsWith(here)) {  // here ends with the separator: nothing outside this folder
    response.writeHead(403).end();
    return;
  }
  try {
    const body = readFileSync(local);
    response.writeHead(200, { 'content-type': types[extname(local)] || 'application/octet-stream' });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const profile = mkdtempSync(join(tmpdir(), 'gaidesk-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.GAIDESK_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
  viewport: { width: 1100, height: 800 },
});
try {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = context.pages()[0] || (await context.newPage());
  await page.goto(`${origin}/${editorName}.html`);
  await page.waitForFunction(() => window.pasteEditor !== undefined, null, { timeout: 30000 });
  const html = readFileSync(fragmentFile, 'utf-8');
  const text = readFileSync(textFile, 'utf-8');
  await page.evaluate(async ({ html, text }) => {
    await navigator.clipboard.write([
      new ClipboardItem({
        'text/html': new Blob([html], { type: 'text/html' }),
        'text/plain': new Blob([text], { type: 'text/plain' }),
      }),
    ]);
  }, { html, text });
  // The editing area: the body of the editor's iframe, or an element of the page itself.
  const where = await page.evaluate(() => ({ frame: window.pasteEditor.frame, area: window.pasteEditor.area }));
  const scope = where.frame ? page.frameLocator(where.frame) : page;
  await scope.locator(where.area).click();
  await page.keyboard.press('Control+V');
  await page.waitForFunction(
    () => (window.pasteEditor.content().match(/<table/g) || []).length >= 3,
    null,
    { timeout: 30000 },
  );
  await page.waitForTimeout(300);
  const content = await page.evaluate(() => window.pasteEditor.content());
  if (screenshotFile) {
    // The editor scrolled to table 3, the one with the most merges.
    await scope.locator('table').nth(1).evaluate((table) => table.scrollIntoView());
    await page.locator(where.frame || where.area).screenshot({ path: screenshotFile });
  }
  // The editor's HTML as a reader's browser renders it.
  const reader = await context.newPage();
  await reader.setContent(`<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${content}</body></html>`);
  const tables = await reader.evaluate(() => [...document.querySelectorAll('table')].map((table) => {
    const taken = [];
    const cells = [];
    [...table.rows].forEach((tr, row) => {
      taken[row] = taken[row] || [];
      let col = 0;
      for (const td of tr.cells) {
        while (taken[row][col]) col += 1;
        for (let i = 0; i < td.rowSpan; i += 1) {
          taken[row + i] = taken[row + i] || [];
          for (let j = 0; j < td.colSpan; j += 1) taken[row + i][col + j] = true;
        }
        const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
        const textNodes = [];
        while (walker.nextNode()) if (walker.currentNode.data.trim()) textNodes.push(walker.currentNode.data);
        const style = getComputedStyle(td);
        const borders = ['Top', 'Right', 'Bottom', 'Left'].map(
          (side) => `${style[`border${side}Style`]} ${style[`border${side}Width`]}`,
        );
        cells.push({ row, col, rowspan: td.rowSpan, colspan: td.colSpan, text: td.innerText, textNodes, borders });
        col += td.colSpan;
      }
    });
    return { rows: table.rows.length, cells };
  }));
  writeFileSync(resultFile, JSON.stringify({ editor: editorName, html: content, tables }));
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
