//! A post's HTML as Khabar's typed blocks, with a real HTML parser (html5ever, through scraper).
//!
//! Khabar's format has no markup: what is kept becomes paragraphs, headings, lists, quotes,
//! figures and runs of text with links, emphasis and strong; everything else (shortcodes,
//! scripts, iframes, embeds, inline styles, theme widgets) is dropped and counted by kind.

use super::report::Removals;
use ego_tree::NodeRef;
use khabar_model::{links::safe_href, Block, Image, Inline, Span};
use scraper::{Html, Node};

/// A picture found in the text, before its file is looked up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Picture {
    /// The `src` as written (lazy-loading themes keep it in `data-src`).
    pub src: String,
    pub alt: String,
    /// From `[caption]` or `<figcaption>`.
    pub caption: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// What the conversion asks of the import: the published form of a picture (`None`: left out,
/// and reported by the import), and the address a link should point to now.
pub trait Resolve {
    fn picture(&mut self, picture: &Picture) -> Option<Image>;
    /// A link to an imported post becomes its `/article/<slug>`; others are kept as they are.
    fn link(&self, href: &str) -> String;
}

/// Shortcodes whose content is an address or a widget, not text: removed with their content.
const DROPPED_SHORTCODES: &[&str] = &[
    "embed",
    "video",
    "audio",
    "gallery",
    "playlist",
    "soundcloud",
    "youtube",
    "vimeo",
    "tweet",
    "instagram",
    "googlemap",
    "contact-form-7",
    "tie_slideshow",
    "tie_slide",
    "tie_video",
    "tie_login",
    "tie_ads",
    "ads",
    "adsense",
    "wpforms",
    "ninja_form",
    "tie_tabs",
    "button",
];

/// Shortcodes WordPress or Jannah define, removed even when they have no closing tag.
const KNOWN_SHORTCODES: &[&str] = &[
    "caption",
    "wp_caption",
    "dropcap",
    "highlight",
    "padding",
    "box",
    "tie_list",
    "tie_full_img",
    "tooltip",
    "one_half",
    "one_third",
    "two_third",
    "one_fourth",
    "divider",
    "author",
    "tie_index",
    "toggle",
    "tabs",
    "tab",
    "tie_tab",
    "tie_toggle",
    "related",
];

/// Elements never kept, by the kind of removal they count as.
fn dropped_kind(tag: &str) -> Option<&'static str> {
    Some(match tag {
        "script" | "noscript" | "template" => "script",
        "style" | "link" | "meta" | "base" => "style",
        "iframe" | "frame" | "frameset" => "iframe",
        "object" | "embed" | "applet" | "video" | "audio" | "source" | "track" | "canvas"
        | "svg" | "math" | "map" | "area" | "dialog" => "embed",
        "form" | "input" | "button" | "select" | "textarea" | "option" | "label" | "fieldset" => {
            "form"
        }
        "nav" | "aside" | "header" | "footer" => "theme",
        _ => return None,
    })
}

/// Theme widgets inside a post (Jannah's in-post ads, share bars, related posts…), by class.
fn is_theme_widget(class: &str) -> bool {
    const WIDGETS: &[&str] = &[
        "stream-item",
        "share",
        "social",
        "related",
        "sharedaddy",
        "post-bottom-meta",
        "adsbygoogle",
        "advert",
        "tie-slider",
        "wp-block-buttons",
        "author-box",
        "newsletter",
        "subscribe",
        "ez-toc",
        "toc_container",
        "post-tags",
        "entry-meta",
    ];
    class
        .split_whitespace()
        .any(|c| WIDGETS.iter().any(|w| c.contains(w)))
}

/// Embeds that arrive as ordinary markup (Gutenberg's embed blocks, tweets pasted as quotes).
fn is_embed(class: &str) -> bool {
    const EMBEDS: &[&str] = &[
        "wp-block-embed",
        "wp-block-video",
        "wp-block-audio",
        "twitter-tweet",
        "instagram-media",
        "tiktok-embed",
        "fb-post",
        "wp-embedded-content",
    ];
    class
        .split_whitespace()
        .any(|c| EMBEDS.iter().any(|w| c.starts_with(w)))
}

/// Removes shortcodes (`[name attrs]…[/name]`, `[name /]`) with a small scanner; `[caption]`
/// becomes a `<figure data-wp-caption>` for the HTML pass. `[[x]]` is WordPress's escape for a
/// literal `[x]`. Brackets that are not shortcodes (`[1]`, `[تحديث]`) stay text.
pub fn strip_shortcodes(text: &str, removed: &mut Removals) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut opened: Vec<String> = Vec::new();
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        if let Some(inner) = after.strip_prefix("[[") {
            if let Some(end) = inner.find("]]") {
                out.push('[');
                out.push_str(&inner[..end]);
                out.push(']');
                rest = &inner[end + 2..];
                continue;
            }
        }
        match shortcode_at(after) {
            Some(tag) if is_shortcode(&tag, after, &opened) => {
                if !tag.closing && !tag.self_closing {
                    opened.push(tag.name.clone());
                }
                let body = &after[tag.len_bytes..];
                let closing = format!("[/{}]", tag.name);
                if tag.closing {
                    if matches!(tag.name.as_str(), "caption" | "wp_caption") {
                        out.push_str("</figure>");
                    }
                    rest = body;
                } else if matches!(tag.name.as_str(), "caption" | "wp_caption") {
                    out.push_str("<figure data-wp-caption=\"\">");
                    rest = body;
                } else if DROPPED_SHORTCODES.contains(&tag.name.as_str()) {
                    removed.add("shortcode");
                    rest = match (tag.self_closing, body.find(&closing)) {
                        (false, Some(end)) => &body[end + closing.len()..],
                        _ => body,
                    };
                } else {
                    removed.add("shortcode");
                    rest = body;
                }
            }
            _ => {
                out.push('[');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    len_bytes: usize,
}

/// The shortcode tag at the start of `s` (`[name …]` or `[/name]`), by WordPress's syntax.
fn shortcode_at(s: &str) -> Option<Tag> {
    let body = s.strip_prefix('[')?;
    let (closing, body) = match body.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, body),
    };
    let name_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(body.len());
    let name = &body[..name_len];
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let tail = &body[name_len..];
    if !(tail.starts_with(']') || tail.starts_with(char::is_whitespace) || tail.starts_with('/')) {
        return None;
    }
    // Attribute values may hold `]` only inside quotes; WordPress forbids `[` inside a tag.
    let mut quote = None;
    for (i, c) in tail.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '[') => return None,
            (None, ']') => {
                let len = s.len() - body.len() + name_len + i + 1;
                return Some(Tag {
                    name: name.to_ascii_lowercase(),
                    closing,
                    self_closing: tail[..i].trim_end().ends_with('/'),
                    len_bytes: len,
                });
            }
            _ => {}
        }
    }
    None
}

fn is_shortcode(tag: &Tag, rest: &str, opened: &[String]) -> bool {
    let name = tag.name.as_str();
    KNOWN_SHORTCODES.contains(&name)
        || DROPPED_SHORTCODES.contains(&name)
        || name.starts_with("tie_")
        || if tag.closing {
            opened.iter().any(|o| o == name)
        } else {
            rest.get(tag.len_bytes..)
                .is_some_and(|r| r.contains(&format!("[/{name}]")))
        }
}

/// Converts a post's HTML (Gutenberg or classic editor) to blocks.
pub fn to_blocks(html: &str, resolve: &mut dyn Resolve, removed: &mut Removals) -> Vec<Block> {
    let html = strip_shortcodes(html, removed);
    let doc = Html::parse_fragment(&html);
    let mut walker = Walker {
        resolve,
        removed,
        out: Vec::new(),
        runs: Vec::new(),
        deferred: Vec::new(),
        nested: 0,
        depth: 0,
    };
    walker.blocks(*doc.root_element());
    walker.flush();
    walker.out
}

/// The plain text of an HTML snippet (an excerpt, a caption), whitespace collapsed.
pub fn to_text(html: &str) -> String {
    let mut removed = Removals::default();
    let html = strip_shortcodes(html, &mut removed);
    let doc = Html::parse_fragment(&html);
    let mut text = String::new();
    plain_text(*doc.root_element(), &mut text);
    collapse(&text)
}

/// The text of `node`, in document order (iteratively: nesting depth costs no stack).
fn plain_text(node: NodeRef<'_, Node>, out: &mut String) {
    let mut skip_until = None;
    for edge in node.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(n) => {
                if skip_until.is_some() {
                    continue;
                }
                match n.value() {
                    Node::Text(t) => out.push_str(&t.text),
                    Node::Element(e) if dropped_kind(e.name()).is_some() => {
                        skip_until = Some(n.id())
                    }
                    Node::Element(e) if matches!(e.name(), "br" | "p" | "li" | "div") => {
                        out.push(' ')
                    }
                    _ => {}
                }
            }
            ego_tree::iter::Edge::Close(n) => {
                if skip_until == Some(n.id()) {
                    skip_until = None;
                }
            }
        }
    }
}

/// Runs of whitespace (including no-break spaces) as one space, trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Style {
    href: Option<String>,
    emphasis: bool,
    strong: bool,
}

struct Walker<'a> {
    resolve: &'a mut dyn Resolve,
    removed: &'a mut Removals,
    out: Vec<Block>,
    /// The paragraph being gathered.
    runs: Vec<(String, Style)>,
    /// Pictures met inside a list or a quote, placed after it.
    deferred: Vec<Block>,
    /// Inside a list item, quote or heading: pictures wait for the end of the block.
    nested: usize,
    depth: usize,
}

/// Deeper element nesting than this is not a post's text (browsers stop nesting at 512).
const MAX_DEPTH: usize = 256;

impl Walker<'_> {
    fn flush(&mut self) {
        let runs = std::mem::take(&mut self.runs);
        match inline(runs) {
            // A bare address alone in a paragraph is what WordPress turns into an embed.
            Some(Inline::Plain(text)) if is_bare_url(&text) => self.removed.add("embed"),
            Some(text) => self.out.push(Block::Paragraph { text }),
            None => {}
        }
    }

    fn count_attrs(&mut self, e: &scraper::node::Element) {
        if e.attr("style").is_some() {
            self.removed.add("style");
        }
    }

    /// Block context: the top of the post, or a `div`-like container.
    fn blocks(&mut self, node: NodeRef<'_, Node>) {
        if self.too_deep() {
            return;
        }
        self.depth += 1;
        self.blocks_of(node);
        self.depth -= 1;
    }

    /// Markup nested deeper than any real post is dropped (and counted), so a hostile export
    /// cannot exhaust the stack.
    fn too_deep(&mut self) -> bool {
        let deep = self.depth >= MAX_DEPTH;
        if deep {
            self.removed.add("nesting");
        }
        deep
    }

    fn blocks_of(&mut self, node: NodeRef<'_, Node>) {
        for child in node.children() {
            match child.value() {
                Node::Text(t) => self.classic_text(&t.text),
                Node::Comment(c) if c.comment.trim_start().starts_with("wp:") => {
                    self.removed.add("block-comment");
                }
                Node::Element(e) => {
                    self.count_attrs(e);
                    let class = e.attr("class").unwrap_or("");
                    let name = e.name();
                    if let Some(kind) = dropped_kind(name) {
                        self.removed.add(kind);
                        continue;
                    }
                    if is_embed(class) {
                        self.removed.add("embed");
                        continue;
                    }
                    if is_theme_widget(class) {
                        self.removed.add("theme");
                        continue;
                    }
                    match name {
                        "p" | "pre" | "address" => {
                            self.flush();
                            self.inlines(child, &Style::default());
                            self.flush();
                        }
                        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                            self.flush();
                            let text = self.collect(child).map(|t| collapse(&t.plain_text()));
                            if let Some(text) = text.filter(|t| !t.is_empty()) {
                                self.out.push(Block::Heading { text });
                            }
                            self.place_deferred();
                        }
                        "ul" | "ol" => {
                            self.flush();
                            let mut items = Vec::new();
                            self.list_items(child, &mut items);
                            if !items.is_empty() {
                                self.out.push(Block::List {
                                    ordered: name == "ol",
                                    items,
                                });
                            }
                            self.place_deferred();
                        }
                        "blockquote" => {
                            self.flush();
                            self.quote(child);
                            self.place_deferred();
                        }
                        "figure" | "picture" => {
                            self.flush();
                            self.figure(child);
                        }
                        "img" => {
                            self.flush();
                            self.image(e, None);
                        }
                        "table" => {
                            self.flush();
                            self.table(child);
                            self.place_deferred();
                        }
                        "hr" => self.flush(),
                        "div" | "section" | "article" | "main" | "center" | "body" | "html"
                        | "details" | "summary" | "dl" | "dd" | "dt" | "figcaption" => {
                            self.flush();
                            self.blocks(child);
                            self.flush();
                        }
                        _ => self.inlines_of(child, &Style::default()),
                    }
                }
                _ => {}
            }
        }
    }

    /// Classic-editor text: a blank line ends a paragraph (WordPress's `wpautop`).
    fn classic_text(&mut self, text: &str) {
        let mut newlines = 0;
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if c == '\n' {
                newlines += 1;
            } else if !c.is_whitespace() {
                if newlines >= 2 {
                    self.push_text(&text[start..i], &Style::default());
                    self.flush();
                    start = i;
                }
                newlines = 0;
            }
        }
        self.push_text(&text[start..], &Style::default());
        if newlines >= 2 {
            self.flush();
        }
    }

    fn push_text(&mut self, text: &str, style: &Style) {
        let mut piece = String::with_capacity(text.len());
        let mut space = self.runs.last().is_none_or(|(t, _)| t.ends_with(' '));
        for c in text.chars() {
            if c.is_whitespace() {
                if !space {
                    piece.push(' ');
                    space = true;
                }
            } else {
                piece.push(c);
                space = false;
            }
        }
        if piece.is_empty() {
            return;
        }
        match self.runs.last_mut() {
            Some((t, s)) if s == style => t.push_str(&piece),
            _ => self.runs.push((piece, style.clone())),
        }
    }

    /// The element itself as inline content (an `<a>` or `<em>` met in block context).
    fn inlines_of(&mut self, node: NodeRef<'_, Node>, style: &Style) {
        let Node::Element(e) = node.value() else {
            return;
        };
        let mut style = style.clone();
        match e.name() {
            "a" => {
                if let Some(href) = e.attr("href").map(|h| self.resolve.link(h.trim())) {
                    if safe_href(&href).is_some() {
                        style.href = Some(href);
                    }
                }
            }
            "em" | "i" | "cite" | "dfn" | "var" => style.emphasis = true,
            "strong" | "b" => style.strong = true,
            "br" => {
                self.push_text(" ", &style);
                return;
            }
            _ => {}
        }
        self.inlines(node, &style);
    }

    /// Inline context: the children of a paragraph, list item, quote or styled run.
    fn inlines(&mut self, node: NodeRef<'_, Node>, style: &Style) {
        if self.too_deep() {
            return;
        }
        self.depth += 1;
        self.inlines_of_children(node, style);
        self.depth -= 1;
    }

    fn inlines_of_children(&mut self, node: NodeRef<'_, Node>, style: &Style) {
        for child in node.children() {
            match child.value() {
                Node::Text(t) => self.push_text(&t.text, style),
                Node::Element(e) => {
                    self.count_attrs(e);
                    let class = e.attr("class").unwrap_or("");
                    if let Some(kind) = dropped_kind(e.name()) {
                        self.removed.add(kind);
                    } else if is_embed(class) {
                        self.removed.add("embed");
                    } else if is_theme_widget(class) {
                        self.removed.add("theme");
                    } else {
                        match e.name() {
                            "img" => self.picture_in_text(|w| w.image(e, None)),
                            "figure" | "picture" => self.picture_in_text(|w| w.figure(child)),
                            "p" | "div" | "li" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "h5"
                            | "h6" | "blockquote" | "tr" | "td" | "th" => {
                                self.push_text(" ", style);
                                self.inlines(child, style);
                                self.push_text(" ", style);
                            }
                            _ => self.inlines_of(child, style),
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// A picture met in running text: at the top level it ends the paragraph around it; in a
    /// list item, quote or heading it waits until that block is done.
    fn picture_in_text(&mut self, add: impl FnOnce(&mut Self)) {
        if self.nested == 0 {
            self.flush();
            add(self);
        } else {
            let at = self.out.len();
            add(self);
            let pictures: Vec<Block> = self.out.drain(at..).collect();
            self.deferred.extend(pictures);
        }
    }

    /// The inline content of `node` as one run of text, pictures deferred.
    fn collect(&mut self, node: NodeRef<'_, Node>) -> Option<Inline> {
        let saved = std::mem::take(&mut self.runs);
        self.nested += 1;
        self.inlines(node, &Style::default());
        self.nested -= 1;
        let runs = std::mem::replace(&mut self.runs, saved);
        inline(runs)
    }

    fn place_deferred(&mut self) {
        let deferred = std::mem::take(&mut self.deferred);
        self.out.extend(deferred);
    }

    /// List items, nested lists flattened after their parent item.
    fn list_items(&mut self, list: NodeRef<'_, Node>, items: &mut Vec<Inline>) {
        for child in list.children() {
            let Node::Element(e) = child.value() else {
                continue;
            };
            if e.name() != "li" {
                if matches!(e.name(), "ul" | "ol") {
                    self.list_items(child, items);
                }
                continue;
            }
            self.count_attrs(e);
            let saved = std::mem::take(&mut self.runs);
            self.nested += 1;
            let mut nested = Vec::new();
            for part in child.children() {
                match part.value() {
                    Node::Element(p) if matches!(p.name(), "ul" | "ol") => nested.push(part),
                    Node::Text(t) => self.push_text(&t.text, &Style::default()),
                    Node::Element(_) => {
                        let wrapper = WrapOne(part);
                        wrapper.visit(self);
                    }
                    _ => {}
                }
            }
            self.nested -= 1;
            let runs = std::mem::replace(&mut self.runs, saved);
            items.extend(inline(runs));
            for list in nested {
                self.list_items(list, items);
            }
        }
    }

    fn quote(&mut self, node: NodeRef<'_, Node>) {
        let Node::Element(e) = node.value() else {
            return;
        };
        if is_embed(e.attr("class").unwrap_or("")) {
            self.removed.add("embed");
            return;
        }
        let mut source = None;
        let saved = std::mem::take(&mut self.runs);
        self.nested += 1;
        for part in node.children() {
            match part.value() {
                Node::Element(p) if p.name() == "cite" || p.name() == "footer" => {
                    let mut text = String::new();
                    plain_text(part, &mut text);
                    source = Some(collapse(&text)).filter(|s| !s.is_empty());
                }
                Node::Text(t) => self.push_text(&t.text, &Style::default()),
                Node::Element(_) => WrapOne(part).visit(self),
                _ => {}
            }
        }
        self.nested -= 1;
        let runs = std::mem::replace(&mut self.runs, saved);
        if let Some(text) = inline(runs) {
            self.out.push(Block::Quote { text, source });
        }
    }

    /// `<figure>` (Gutenberg image blocks, `[caption]`), or a figure holding other blocks.
    fn figure(&mut self, node: NodeRef<'_, Node>) {
        let gallery = node
            .descendants()
            .skip(1)
            .any(|n| matches!(n.value(), Node::Element(e) if matches!(e.name(), "figure" | "li")));
        if gallery {
            // A gallery: each of its pictures is a figure of its own.
            self.blocks(node);
            self.flush();
            return;
        }
        let Some(img) = node.descendants().find_map(|n| match n.value() {
            Node::Element(e) if e.name() == "img" => Some(e),
            _ => None,
        }) else {
            self.blocks(node);
            self.flush();
            return;
        };
        let Node::Element(figure) = node.value() else {
            return;
        };
        let mut caption = String::new();
        if figure.attr("data-wp-caption").is_some() {
            // `[caption]<img> text[/caption]`: the caption is the text beside the picture.
            caption_text(node, &mut caption);
        } else if let Some(fc) = node
            .descendants()
            .find(|n| matches!(n.value(), Node::Element(e) if e.name() == "figcaption"))
        {
            plain_text(fc, &mut caption);
        }
        let caption = Some(collapse(&caption)).filter(|c| !c.is_empty());
        self.image(img, caption);
    }

    fn image(&mut self, img: &scraper::node::Element, caption: Option<String>) {
        let src = ["data-src", "data-lazy-src", "src"]
            .iter()
            .filter_map(|a| img.attr(a))
            .map(str::trim)
            .find(|s| !s.is_empty() && !s.starts_with("data:"))
            .unwrap_or("");
        let number = |a: &str| img.attr(a).and_then(|v| v.trim().parse::<u32>().ok());
        let picture = Picture {
            src: src.to_owned(),
            alt: collapse(img.attr("alt").unwrap_or("")),
            caption,
            width: number("width"),
            height: number("height"),
        };
        if let Some(image) = self.resolve.picture(&picture) {
            self.out.push(Block::Figure { image });
        }
    }

    /// Tables have no block of their own: each row becomes a list item, its cells joined.
    fn table(&mut self, node: NodeRef<'_, Node>) {
        let mut items = Vec::new();
        for row in node.descendants() {
            if !matches!(row.value(), Node::Element(e) if e.name() == "tr") {
                continue;
            }
            let cells: Vec<String> = row
                .children()
                .filter(
                    |c| matches!(c.value(), Node::Element(e) if matches!(e.name(), "td" | "th")),
                )
                .map(|c| {
                    let mut t = String::new();
                    plain_text(c, &mut t);
                    collapse(&t)
                })
                .filter(|t| !t.is_empty())
                .collect();
            if !cells.is_empty() {
                items.push(Inline::Plain(cells.join(" — ")));
            }
        }
        if !items.is_empty() {
            self.out.push(Block::List {
                ordered: false,
                items,
            });
        }
    }
}

/// Visits one element in inline context (used by lists and quotes for their children).
struct WrapOne<'a>(NodeRef<'a, Node>);

impl WrapOne<'_> {
    fn visit(self, walker: &mut Walker<'_>) {
        let Node::Element(e) = self.0.value() else {
            return;
        };
        walker.count_attrs(e);
        let class = e.attr("class").unwrap_or("");
        if let Some(kind) = dropped_kind(e.name()) {
            walker.removed.add(kind);
        } else if is_embed(class) {
            walker.removed.add("embed");
        } else if is_theme_widget(class) {
            walker.removed.add("theme");
        } else if matches!(e.name(), "p" | "div") {
            walker.push_text(" ", &Style::default());
            walker.inlines(self.0, &Style::default());
            walker.push_text(" ", &Style::default());
        } else if e.name() == "img" {
            walker.picture_in_text(|w| w.image(e, None));
        } else if matches!(e.name(), "figure" | "picture") {
            walker.picture_in_text(|w| w.figure(self.0));
        } else {
            walker.inlines_of(self.0, &Style::default());
        }
    }
}

/// The text of a `[caption]` figure outside its picture (and the link around the picture).
fn caption_text(node: NodeRef<'_, Node>, out: &mut String) {
    let mut skip_until = None;
    for edge in node.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(n) if skip_until.is_none() => match n.value() {
                Node::Text(t) => out.push_str(&t.text),
                Node::Element(e)
                    if e.name() == "img"
                        || (e.name() == "a" && has_img(n))
                        || dropped_kind(e.name()).is_some() =>
                {
                    skip_until = Some(n.id())
                }
                _ => {}
            },
            ego_tree::iter::Edge::Close(n) if skip_until == Some(n.id()) => skip_until = None,
            _ => {}
        }
    }
}

fn has_img(node: NodeRef<'_, Node>) -> bool {
    node.descendants()
        .any(|n| matches!(n.value(), Node::Element(e) if e.name() == "img"))
}

fn is_bare_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !text.chars().any(char::is_whitespace)
}

/// Runs of text as running text: adjacent runs of one style merged, ends trimmed, links whose
/// text is only spaces unlinked; a single unstyled run is a plain string.
fn inline(runs: Vec<(String, Style)>) -> Option<Inline> {
    let mut merged: Vec<(String, Style)> = Vec::new();
    for (text, mut style) in runs {
        if text.trim().is_empty() {
            style = Style::default();
        }
        match merged.last_mut() {
            Some((t, s)) if *s == style => t.push_str(&text),
            _ => merged.push((text, style)),
        }
    }
    if let Some((first, _)) = merged.first_mut() {
        *first = first.trim_start().to_owned();
    }
    if let Some((last, _)) = merged.last_mut() {
        *last = last.trim_end().to_owned();
    }
    merged.retain(|(t, _)| !t.is_empty());
    if merged.is_empty() {
        return None;
    }
    if merged.iter().all(|(_, s)| *s == Style::default()) {
        return Some(Inline::Plain(merged.into_iter().map(|(t, _)| t).collect()));
    }
    Some(Inline::Runs(
        merged
            .into_iter()
            .map(|(text, s)| {
                if s == Style::default() {
                    Span::Text(text)
                } else {
                    Span::Styled {
                        text,
                        href: s.href,
                        emphasis: s.emphasis,
                        strong: s.strong,
                    }
                }
            })
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pictures whose address contains `ok` exist; links are kept as written.
    struct Fake;

    impl Resolve for Fake {
        fn picture(&mut self, p: &Picture) -> Option<Image> {
            p.src.contains("ok").then(|| Image {
                src: format!("images/{}", p.src),
                alt: p.alt.clone(),
                caption: p.caption.clone(),
                credit: None,
                width: 1,
                height: 1,
                placeholder: None,
                variants: Vec::new(),
                card_variants: Vec::new(),
            })
        }

        fn link(&self, href: &str) -> String {
            href.to_owned()
        }
    }

    fn convert(html: &str) -> (Vec<Block>, Removals) {
        let mut removed = Removals::default();
        let blocks = to_blocks(html, &mut Fake, &mut removed);
        (blocks, removed)
    }

    fn texts(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { text } => format!("p:{}", text.plain_text()),
                Block::Heading { text } => format!("h:{text}"),
                Block::Figure { image } => format!("fig:{}", image.src),
                Block::List { items, .. } => format!("ul:{}", items.len()),
                Block::Quote { text, .. } => format!("q:{}", text.plain_text()),
            })
            .collect()
    }

    #[test]
    fn classic_editor_text_splits_paragraphs_on_blank_lines() {
        // Guards against a whole classic post collapsing into one paragraph.
        let (blocks, _) =
            convert("أول سطر\nيكمل الفقرة\n\n  \nفقرة ثانية <em>مائلة</em>\n\n<h3>عنوان</h3>ثالثة");
        assert_eq!(
            texts(&blocks),
            [
                "p:أول سطر يكمل الفقرة",
                "p:فقرة ثانية مائلة",
                "h:عنوان",
                "p:ثالثة"
            ]
        );
    }

    #[test]
    fn shortcodes_are_removed_counted_or_turned_into_figures() {
        // Guards against [embed] URLs or theme shortcodes showing up as text.
        let mut removed = Removals::default();
        let out = strip_shortcodes(
            "[embed]https://youtu.be/x[/embed]أ [box type=\"info\"]ب[/box] [1] [[caption]] [gallery ids=\"1,2\"] [caption id=\"a\"]<img>ج[/caption]",
            &mut removed,
        );
        assert_eq!(
            out,
            "أ ب [1] [caption]  <figure data-wp-caption=\"\"><img>ج</figure>"
        );
        assert_eq!(removed.0.get("shortcode"), Some(&3));
    }

    #[test]
    fn a_picture_in_running_text_becomes_a_figure_between_paragraphs() {
        // Guards against pictures lost inside paragraphs, or text lost around them.
        let (blocks, _) = convert("<p>قبل <img src=\"ok.jpg\" alt=\"وصف\"> بعد</p><p><img src=\"gone.jpg\" alt=\"x\"></p>");
        assert_eq!(texts(&blocks), ["p:قبل", "fig:images/ok.jpg", "p:بعد"]);
    }

    #[test]
    fn links_emphasis_and_strong_become_styled_runs() {
        // Guards against losing links or styles, or keeping links that go nowhere safe.
        let (blocks, _) = convert("<p>اقرأ <a href=\"https://example.org/r\"><strong>التقرير</strong></a> و<a href=\"javascript:x()\">هذا</a><a href=\"/a\"> </a></p>");
        let Block::Paragraph {
            text: Inline::Runs(spans),
        } = &blocks[0]
        else {
            panic!("{blocks:?}");
        };
        assert_eq!(
            spans,
            &vec![
                Span::Text("اقرأ ".into()),
                Span::Styled {
                    text: "التقرير".into(),
                    href: Some("https://example.org/r".into()),
                    emphasis: false,
                    strong: true
                },
                Span::Text(" وهذا".into()),
            ]
        );
    }

    #[test]
    fn galleries_give_a_figure_per_picture_and_bare_links_are_embeds() {
        // Guards against galleries shrinking to their first picture, and oEmbed URLs as text.
        let (blocks, removed) = convert(
            "<figure class=\"wp-block-gallery\"><figure class=\"wp-block-image\"><img src=\"ok1.jpg\" alt=\"أ\"></figure><figure class=\"wp-block-image\"><img src=\"ok2.jpg\" alt=\"ب\"><figcaption>تعليق</figcaption></figure></figure>\n\nhttps://www.youtube.com/watch?v=x\n\n<p>انظر https://example.org هنا</p>",
        );
        assert_eq!(
            texts(&blocks),
            [
                "fig:images/ok1.jpg",
                "fig:images/ok2.jpg",
                "p:انظر https://example.org هنا"
            ]
        );
        assert_eq!(removed.0.get("embed"), Some(&1));
    }

    #[test]
    fn absurdly_deep_markup_is_cut_off_not_a_crash() {
        // Guards against a hostile export overflowing the stack.
        let deep = format!(
            "{}نص{}",
            "<div><span>".repeat(1_000),
            "</span></div>".repeat(1_000)
        );
        let (_, removed) = convert(&format!("<p>قبل</p>{deep}"));
        assert!(removed.0.contains_key("nesting"));
        assert!(to_text(&deep).contains("نص"));
    }

    #[test]
    fn theme_widgets_scripts_and_inline_styles_are_dropped_and_counted() {
        // Guards against ads, share bars or scripts reaching the article, uncounted.
        let (blocks, removed) = convert(
            "<div class=\"stream-item stream-item-in-post\">إعلان</div><p style=\"color:red\">نص</p><script>x()</script><div class=\"share-buttons\">شارك</div><iframe src=\"https://x\"></iframe><!-- wp:paragraph -->",
        );
        assert_eq!(texts(&blocks), ["p:نص"]);
        let counted: Vec<(&str, usize)> = removed.0.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(
            counted,
            [
                ("block-comment", 1),
                ("iframe", 1),
                ("script", 1),
                ("style", 1),
                ("theme", 2)
            ]
        );
    }
}
