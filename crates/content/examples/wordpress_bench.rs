//! How fast `import-wordpress` is on a big export: generates an export of N posts (default
//! 5,000) in the shape of the test fixture (Gutenberg and classic posts, captions, embeds, a
//! featured picture each), imports it into a scratch project twice (first run, then a rerun)
//! and prints the times.
//!
//! `cargo run --release -p khabar-content --example wordpress_bench -- 5000`

use khabar_content::wordpress::{import, Options};
use std::{fmt::Write as _, fs, path::Path, time::Instant};

const WORDS: &[&str] = &[
    "أعلنت",
    "الحكومة",
    "اليوم",
    "عن",
    "خطة",
    "جديدة",
    "لدعم",
    "المزارعين",
    "في",
    "المناطق",
    "الريفية",
    "وقال",
    "وزير",
    "الاقتصاد",
    "إن",
    "البرنامج",
    "سيبدأ",
    "الشهر",
    "المقبل",
    "بمشاركة",
    "البنوك",
    "المحلية",
    "والشركات",
    "الناشئة",
    "التي",
    "تعمل",
    "على",
    "تطوير",
    "الحلول",
    "الرقمية",
];
const CATEGORIES: &[&str] = &[
    "الأخبار",
    "سياسة",
    "اقتصاد",
    "رياضة",
    "ثقافة",
    "علوم",
    "تكنولوجيا",
    "منوعات",
];

fn sentence(seed: usize, len: usize) -> String {
    (0..len)
        .map(|i| WORDS[(seed * 7 + i * 13 + i * i) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
        + "."
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02x}")
            }
        })
        .collect()
}

fn export(posts: usize) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>موقع</title><link>https://big.example</link><wp:base_blog_url>https://big.example</wp:base_blog_url>
<wp:author><wp:author_login><![CDATA[editor]]></wp:author_login><wp:author_display_name><![CDATA[المحرر]]></wp:author_display_name></wp:author>
"#,
    );
    for (i, c) in CATEGORIES.iter().enumerate() {
        let _ = writeln!(xml, "<wp:category><wp:term_id>{}</wp:term_id><wp:category_nicename><![CDATA[{}]]></wp:category_nicename><wp:cat_name><![CDATA[{c}]]></wp:cat_name></wp:category>", i + 1, encode(c));
    }
    for n in 0..posts {
        let id = 1000 + n * 2;
        let title = format!("{} {n}", sentence(n, 6).trim_end_matches('.'));
        let name = encode(&title.replace(' ', "-"));
        let category = CATEGORIES[n % CATEGORIES.len()];
        let mut body = String::new();
        for p in 0..8 {
            if n % 2 == 0 {
                let _ = write!(body, "<!-- wp:paragraph -->\n<p>{} <strong>{}</strong> <a href=\"https://big.example/?p={}\">{}</a></p>\n<!-- /wp:paragraph -->\n\n", sentence(n + p, 25), sentence(p, 3), 1000 + (n + 1) % posts * 2, sentence(p + 1, 2));
            } else {
                let _ = write!(
                    body,
                    "{} <em>{}</em>\n\n",
                    sentence(n + p, 30),
                    sentence(p, 2)
                );
            }
            if p == 3 {
                body.push_str("<h2>عنوان فرعي</h2>\n<ul><li>بند أول</li><li>بند ثان</li></ul>\n");
                let _ = write!(body, "[caption id=\"attachment_{}\" width=\"640\"]<img src=\"https://big.example/wp-content/uploads/2023/03/marathon.png\" alt=\"\" width=\"640\" height=\"360\" /> {}[/caption]\n\n", id + 1, sentence(n, 5));
                body.push_str("[embed]https://www.youtube.com/watch?v=x[/embed]\n<script>track()</script>\n<div class=\"stream-item\">إعلان</div>\n");
            }
        }
        let _ = write!(
            xml,
            r#"<item><title><![CDATA[{title}]]></title><link>https://big.example/2023/03/{day:02}/{name}/</link><dc:creator><![CDATA[editor]]></dc:creator>
<content:encoded><![CDATA[{body}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{id}</wp:post_id><wp:post_date><![CDATA[2023-03-{day:02} 10:00:00]]></wp:post_date><wp:post_date_gmt><![CDATA[2023-03-{day:02} 07:00:00]]></wp:post_date_gmt>
<wp:post_modified><![CDATA[2023-03-{day:02} 12:00:00]]></wp:post_modified><wp:post_modified_gmt><![CDATA[2023-03-{day:02} 09:00:00]]></wp:post_modified_gmt>
<wp:post_name><![CDATA[{name}]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type>
<category domain="category" nicename="{nice}"><![CDATA[{category}]]></category><category domain="post_tag" nicename="t"><![CDATA[وسم {tag}]]></category>
<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[{thumb}]]></wp:meta_value></wp:postmeta></item>
<item><title><![CDATA[صورة {id}]]></title><wp:post_id>{thumb}</wp:post_id><wp:status><![CDATA[inherit]]></wp:status><wp:post_type><![CDATA[attachment]]></wp:post_type>
<wp:attachment_url><![CDATA[https://big.example/wp-content/uploads/2023/03/putin-assad.jpg]]></wp:attachment_url></item>
"#,
            day = n % 28 + 1,
            nice = encode(category),
            tag = n % 50,
            thumb = id + 1,
        );
    }
    xml.push_str("</channel></rss>\n");
    xml
}

fn main() {
    let posts: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(5000);
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = std::env::temp_dir().join(format!("khabar-wp-bench-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("content/articles")).unwrap();
    fs::copy(
        here.join("tests/fixtures/wordpress/start/content/site.json"),
        root.join("content/site.json"),
    )
    .unwrap();
    let started = Instant::now();
    let xml = export(posts);
    let file = root.join("export.xml");
    fs::write(&file, &xml).unwrap();
    println!(
        "generated {posts} posts ({:.1} MB) in {:.2} s",
        xml.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    let options = Options {
        root: root.clone(),
        export: file,
        uploads: Some(here.join("tests/fixtures/wordpress/uploads")),
        force: false,
    };
    for run in ["first import", "rerun"] {
        let started = Instant::now();
        let report = import(&options).unwrap();
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "{run}: {:.2} s ({:.0} posts/s): {} written, {} unchanged, skipped {:?}, {} redirects",
            seconds,
            posts as f64 / seconds,
            report.imported,
            report.unchanged,
            report.skipped,
            report.redirects
        );
    }
    let started = Instant::now();
    let built = khabar_content::files::build(&khabar_content::files::Layout { root: root.clone() });
    println!(
        "make content's checks and derivation on the result: {} in {:.2} s",
        if built.is_ok() { "pass" } else { "FAIL" },
        started.elapsed().as_secs_f64()
    );
    let _ = fs::remove_dir_all(&root);
}
