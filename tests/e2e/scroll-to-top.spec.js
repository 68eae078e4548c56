import { test, expect } from './fixtures.js';

const LONG = 'manuscripts-digitisation-project';
const button = (page) => page.getByRole('button', { name: 'الذهاب إلى الأعلى' });

test('the button appears only after a screen of scrolling, sits bottom-left, and scrolls smoothly to the top', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(`/article/${LONG}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(button(page)).toBeHidden();
  await page.evaluate(() => window.scrollTo(0, 600));
  await page.waitForTimeout(150);
  await expect(button(page)).toBeHidden();
  await page.evaluate(() => window.scrollTo(0, 2000));
  await expect(button(page)).toBeVisible();
  const box = await button(page).boundingBox();
  expect(box.x).toBeLessThan(40);
  expect(box.y + box.height).toBeGreaterThan(640 - 40);
  // Smooth: right after the click the page is still on its way up.
  await button(page).click();
  const midway = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(window.scrollY))));
  expect(midway).toBeGreaterThan(0);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
  await expect(button(page)).toBeHidden();
  // Focus is at the top of the page, not on the vanished button.
  expect(await page.evaluate(() => document.activeElement.id)).toBe('top');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'انتقل إلى المحتوى' })).toBeFocused();
});

test('with reduced motion the jump is instant, and the keyboard works too', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`/article/${LONG}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 3000));
  await expect(button(page)).toBeVisible();
  await button(page).focus();
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
});

test('the button is a real button in the bottom inline-end corner that takes no layout space', async ({ page }) => {
  await page.goto(`/article/${LONG}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // Hidden at the top of the page, so found by its class rather than its role.
  const style = await page.locator('button.to-top').evaluate((el) => {
    const s = getComputedStyle(el);
    return { tag: el.tagName, position: s.position, left: s.left, type: el.type };
  });
  expect(style).toEqual({ tag: 'BUTTON', position: 'fixed', left: '16px', type: 'button' });
});

test('a hundred moves inside the app while the page scrolls leave no error and a working button', async ({ page }) => {
  // Defect guarded: a scroll listener's animation frame still pending when its page goes (the
  // article's reading progress): the frame then called a freed closure, an uncaught error.
  // Frames here come late, as on a busy phone, so each move lands between a scroll and its frame.
  await page.addInitScript(() => {
    const timers = new Map();
    let next = 1;
    window.requestAnimationFrame = (callback) => {
      const id = next++;
      timers.set(id, setTimeout(() => {
        timers.delete(id);
        callback(performance.now());
      }, 120));
      return id;
    };
    window.cancelAnimationFrame = (id) => {
      clearTimeout(timers.get(id));
      timers.delete(id);
    };
  });
  await page.goto(`/article/${LONG}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const articleHeading = await page.locator('main h1').textContent();
  for (let i = 0; i < 100; i++) {
    const onArticle = i % 2 === 0;
    await page.evaluate(async ([to, y]) => {
      const scrolled = new Promise((resolve) => addEventListener('scroll', resolve, { once: true }));
      window.scrollTo(0, y);
      await scrolled;
      history.pushState(null, '', to);
      dispatchEvent(new PopStateEvent('popstate'));
    }, [onArticle ? '/' : `/article/${LONG}`, 400 + i]);
    if (onArticle) await expect(page.locator('.cards')).toBeVisible();
    else await expect(page.locator('main h1')).toHaveText(articleHeading);
  }
  await page.waitForTimeout(300);
  // The app still answers: the button appears after scrolling and takes the reader up.
  await page.evaluate(() => window.scrollTo(0, 3000));
  await expect(button(page)).toBeVisible();
  await button(page).click();
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
});
