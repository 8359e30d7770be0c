import { test } from '@playwright/test';
import { login } from './helpers';
test('dbg', async ({ page }) => {
  await login(page, 'viewer', '/');
  for (const w of [1024, 390]) {
    await page.setViewportSize({ width: w, height: 800 });
    for (const p of ['/', '/queues', '/domains/gmail.com', '/vmtas', '/backoff', '/bounces', '/audit']) {
      await page.goto(p);
      await page.waitForTimeout(1500);
      const r = await page.evaluate((vw) => {
        const sw = document.documentElement.scrollWidth;
        const out: string[] = [];
        for (const el of document.querySelectorAll('body *')) {
          const b = el.getBoundingClientRect();
          if (b.right > vw + 1 && b.width > 0) {
            let skip = false;
            for (let a = el.parentElement; a; a = a.parentElement) { const ov = getComputedStyle(a).overflowX; if (ov !== 'visible') { const ab = a.getBoundingClientRect(); if (ab.right <= vw + 1) { skip = true; break; } } }
            if (!skip) out.push(`${el.tagName}.${(el.className || '').toString().slice(0, 30)}[${el.getAttribute('data-testid') ?? ''}] r=${Math.round(b.right)} w=${Math.round(b.width)}`);
          }
        }
        return { sw, out: out.slice(0, 6) };
      }, w);
      console.log(w, p, r.sw, JSON.stringify(r.out));
    }
  }
});
