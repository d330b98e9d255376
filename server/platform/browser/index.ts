import { chromium, type Browser } from 'playwright-core';

export type RenderFormat = 'pdf' | 'png';

/** Chromium flags for a server: no sandbox (it runs as the service user), no GPU, no calls home. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'];
const PAGE_WIDTH = 1280;

/**
 * Renders a self-contained HTML page to a PDF (A4 landscape) or a full-page PNG with headless
 * Chromium. The page may not load anything from the network: reports carry their charts inline.
 * One browser per render keeps a crash or a leak from outliving it.
 */
export async function renderHtml(html: string, format: RenderFormat, chromiumPath: string): Promise<Buffer> {
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: PAGE_WIDTH, height: 800 }, javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return format === 'pdf'
      ? await page.pdf({ format: 'A4', landscape: true, printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } })
      : await page.screenshot({ fullPage: true, type: 'png' });
  } finally {
    await browser?.close();
  }
}
