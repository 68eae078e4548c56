//! Share links for an article: plain URLs of the networks' own share pages, no third-party script.

/// A network's share page for `url` with `title`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareLink {
    /// The network's name, as the link's text.
    pub name: &'static str,
    /// A short class-safe identifier (`whatsapp`, `x`, …).
    pub id: &'static str,
    /// Where the link goes.
    pub href: String,
}

/// Links to share an article on WhatsApp, X, Telegram and Facebook, and by e-mail.
pub fn share_links(url: &str, title: &str) -> Vec<ShareLink> {
    let (u, t) = (encode(url), encode(title));
    vec![
        ShareLink {
            name: "واتساب",
            id: "whatsapp",
            href: format!("https://wa.me/?text={}", encode(&format!("{title} {url}"))),
        },
        ShareLink {
            name: "إكس",
            id: "x",
            href: format!("https://x.com/intent/post?text={t}&url={u}"),
        },
        ShareLink {
            name: "تيليغرام",
            id: "telegram",
            href: format!("https://t.me/share/url?url={u}&text={t}"),
        },
        ShareLink {
            name: "فيسبوك",
            id: "facebook",
            href: format!("https://www.facebook.com/sharer/sharer.php?u={u}"),
        },
        ShareLink {
            name: "البريد الإلكتروني",
            id: "email",
            href: format!("mailto:?subject={t}&body={u}"),
        },
    ]
}

/// Percent-encodes everything but unreserved characters (RFC 3986), UTF-8 byte by byte.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_and_reserved_characters_are_encoded() {
        assert_eq!(encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(encode("خبر"), "%D8%AE%D8%A8%D8%B1");
    }

    #[test]
    fn every_network_gets_the_url_and_the_title() {
        let links = share_links("https://khabar.example/article/a?x=1", "عنوان & مزيد");
        let ids: Vec<&str> = links.iter().map(|l| l.id).collect();
        assert_eq!(ids, ["whatsapp", "x", "telegram", "facebook", "email"]);
        for link in &links {
            assert!(
                link.href.contains("khabar.example%2Farticle%2Fa%3Fx%3D1"),
                "{}",
                link.href
            );
            assert!(
                !link.href.contains(' ') && !link.href.contains("&مزيد"),
                "{}",
                link.href
            );
        }
        assert!(links[4].href.starts_with("mailto:?subject=%D8%B9"));
    }
}
