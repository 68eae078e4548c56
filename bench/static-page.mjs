// The physical limit for `make bench`: the same article as a static HTML page, written from the same
// published JSON, with the same stylesheets, fonts, icon and theme script as the app's index.html,
// and the app's markup and class names, so it looks the same. No JavaScript app, no API request.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function richText(text) {
  if (typeof text === 'string') return escape(text);
  return text.map((span) => {
    if (typeof span === 'string') return escape(span);
    let html = escape(span.text);
    if (span.emphasis) html = `<em>${html}</em>`;
    if (span.strong) html = `<strong>${html}</strong>`;
    return span.href ? `<a href="${escape(span.href)}">${html}</a>` : html;
  }).join('');
}

function figure(image, base, lead = false) {
  if (!image) return '';
  const caption = [image.caption, image.credit].filter(Boolean).map(escape).join(' — ');
  return `<figure class="figure${lead ? ' figure--lead' : ''}"><img src="${escape(new URL(image.src, `http://x${base}`).pathname)}" alt="${escape(image.alt)}" width="${image.width}" height="${image.height}"${lead ? '' : ' loading="lazy"'}>${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
}

function block(b, base) {
  switch (b.type) {
    case 'paragraph': return `<p>${richText(b.text)}</p>`;
    case 'heading': return `<h2>${escape(b.text)}</h2>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((i) => `<li>${richText(i)}</li>`).join('')}</${tag}>`;
    }
    case 'quote': return `<figure class="quote"><blockquote><p>${richText(b.text)}</p></blockquote>${b.source ? `<figcaption>${escape(b.source)}</figcaption>` : ''}</figure>`;
    case 'figure': return figure(b.image, base);
    default: return '';
  }
}

const date = (iso) => new Intl.DateTimeFormat('ar-u-nu-latn', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Riyadh' }).format(new Date(iso));

/** The static page of `slug`, for the bundle in `dist` (its index.html gives the head). */
export function staticArticle(dist, slug) {
  const index = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const base = index.match(/<base href="([^"]*)"/)?.[1] ?? '/';
  const article = JSON.parse(readFileSync(path.join(dist, 'api/articles', `${slug}.json`), 'utf8'));
  const site = JSON.parse(readFileSync(path.join(dist, 'api/site.json'), 'utf8'));
  // The head's stylesheets, font preloads, icon and the theme script, exactly as the app has them.
  const keep = [...index.matchAll(/<link\b[^>]*rel="(?:stylesheet|icon|preload)"[^>]*>/g)]
    .map(([tag]) => tag)
    .filter((tag) => !tag.includes('id="khabar-'));
  const theme = [...index.matchAll(/<script>[\s\S]*?<\/script>/g)].map(([tag]) => tag);
  const words = JSON.stringify(article.body).split(/\s+/).length;
  const related = (article.related ?? []).map((r) => `<li><article class="card">${r.image ? `<img class="card__image" src="${escape(new URL(r.image.src, `http://x${base}`).pathname)}" alt="" width="${r.image.width}" height="${r.image.height}" loading="lazy">` : '<div class="card__image card__image--none" aria-hidden="true"></div>'}<h3 class="card__title"><a href="${base}article/${escape(r.slug)}">${escape(r.headline)}</a></h3><p class="card__meta"><span class="card__section">${escape(r.section.name)}</span> <time datetime="${escape(r.published)}">${date(r.published)}</time></p></article></li>`).join('');
  return `<!doctype html>
<html lang="${escape(article.lang ?? 'ar')}" dir="${escape(article.dir ?? 'rtl')}">
<head>
<meta charset="utf-8">
<base href="${escape(base)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(article.headline)} — ${escape(site.name)}</title>
<meta name="description" content="${escape(article.summary)}">
<meta name="color-scheme" content="light dark">
${theme.join('\n')}
${keep.join('\n')}
</head>
<body>
<div id="top" class="page" tabindex="-1">
<a class="skip-link" href="#content">انتقل إلى المحتوى</a>
<header class="site-header"><div class="site-header__bar"><a class="site-header__name" href="${base}">${escape(site.name)}</a></div>
<nav class="site-nav" aria-label="الأقسام"><ul class="site-nav__list">${site.sections.map((s) => `<li><a href="${base}section/${escape(s.slug)}">${escape(s.name)}</a></li>`).join('')}</ul></nav></header>
<main id="content" class="site-main" tabindex="-1">
<article class="article" aria-labelledby="headline">
<header class="article__header">
<p class="article__section"><a href="${base}section/${escape(article.section.slug)}">${escape(article.section.name)}</a></p>
<h1 id="headline" class="article__headline" tabindex="-1">${escape(article.headline)}</h1>
${article.subtitle ? `<p class="article__subtitle">${escape(article.subtitle)}</p>` : ''}
<div class="article__meta">${(article.authors ?? []).length ? `<p class="byline">${article.authors.map((a) => escape(a.name)).join('، ')}</p>` : ''}<p>نُشر في <time datetime="${escape(article.published)}">${date(article.published)}</time></p><p class="article__reading-time">مدة القراءة: ${Math.max(1, Math.round(words / 200))} دقائق</p></div>
</header>
${figure(article.image, base, true)}
<div class="article__body">${article.body.map((b) => block(b, base)).join('\n')}</div>
${(article.tags ?? []).length ? `<ul class="tags" aria-label="الوسوم">${article.tags.map((t) => `<li>${escape(t)}</li>`).join('')}</ul>` : ''}
</article>
${related ? `<section class="related" aria-labelledby="related-heading"><h2 id="related-heading">مقالات ذات صلة</h2><ul class="related__list">${related}</ul></section>` : ''}
</main>
<footer class="site-footer"><p><a href="${base}">${escape(site.name)}</a> — أخبار عربية تُقرأ بسرعة على أي جهاز.</p></footer>
</div>
</body>
</html>
`;
}
