#!/usr/bin/python3
"""Writes public/fonts/ and style/fonts.css from the upstream Noto Arabic fonts.

The upstream files are the npm packages @fontsource/noto-naskh-arabic and
@fontsource/noto-kufi-arabic, pinned in package-lock.json (`npm ci` puts them in node_modules/).
For each face (Naskh 400 and 700, Kufi 700) it writes:

- `<family>-arabic-core-<weight>-normal.woff2`: the upstream Arabic file cut by fontTools' subsetter
  to the characters Arabic news is written in (CORE below), with every OpenType layout feature kept,
  so the glyphs that shaping reaches from them (initial, medial and final forms, lam-alef and other
  ligatures, mark positioning) come along. It is the face a page downloads;
- the upstream Arabic file itself, unchanged, as the face for every other character of its
  unicode-range (Persian and Urdu letters, Quranic marks, presentation forms...): downloaded only by
  a page that has one of them;
- the upstream Latin file, unchanged, for its range less the spaces the core draws.

and style/fonts.css naming them, with OFL.txt, the licence, carrying both upstream copyright lines.

    scripts/fonts.py           # write the files
    scripts/fonts.py --check   # write them into a temporary folder and compare, byte for byte

Run with Debian 12's python3-fonttools (4.38, installed by scripts/setup.sh): another fontTools may
cut the same glyphs into other bytes, which `--check` reports.
"""

import json
import shutil
import sys
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "node_modules" / "@fontsource"

# (npm package and file prefix, CSS family, weight), in the order the faces are declared.
FACES = [
    ("noto-naskh-arabic", "Noto Naskh Arabic", 400),
    ("noto-naskh-arabic", "Noto Naskh Arabic", 700),
    ("noto-kufi-arabic", "Noto Kufi Arabic", 700),
]

# What Arabic news text is written with; everything else of the Arabic block goes to the full face.
CORE = [
    (0x0020, 0x0020),  # space, and below the no-break space: the upstream Arabic file draws both, as
    #                    wide as its Latin file does; taken from the core (and left out of the Latin
    #                    face's range), the spaces of Arabic text come with the preloaded file, so a
    #                    Latin file arriving after the first paint cannot rebreak Arabic lines
    (0x00A0, 0x00A0),
    (0x060C, 0x060C),  # ، Arabic comma
    (0x061B, 0x061C),  # ؛ Arabic semicolon, Arabic letter mark (a bidi mark)
    (0x061F, 0x061F),  # ؟ Arabic question mark
    (0x0621, 0x063A),  # ء … غ: hamza and the letters of Arabic
    (0x0640, 0x0655),  # tatweel, ف … ي, harakat (tanwin, fatha, damma, kasra, shadda, sukun),
    #                    maddah, hamza above and below
    (0x0660, 0x066C),  # ٠ … ٩ Arabic-Indic digits, ٪ percent sign, decimal and thousands separators
    (0x0670, 0x0670),  # superscript (dagger) alef, as in هٰذا
    (0x200C, 0x200E),  # zero-width non-joiner and joiner, left-to-right mark
]


def parse_ranges(text):
    """'U+0600-06FF,U+200C' -> [(0x600, 0x6FF), (0x200C, 0x200C)]"""
    ranges = []
    for part in text.split(","):
        lo, _, hi = part.strip().removeprefix("U+").partition("-")
        ranges.append((int(lo, 16), int(hi or lo, 16)))
    return ranges


def css_ranges(ranges):
    return ",".join(f"U+{lo:04X}" if lo == hi else f"U+{lo:04X}-{hi:04X}" for lo, hi in ranges)


def codepoints(ranges):
    return {c for lo, hi in ranges for c in range(lo, hi + 1)}


def to_ranges(points):
    ranges = []
    for c in sorted(points):
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1] = (ranges[-1][0], c)
        else:
            ranges.append((c, c))
    return ranges


def subset_core(source, target):
    options = subset.Options()
    options.layout_features = ["*"]  # every feature: init, medi, fina, isol, rlig, liga, ccmp, mark, mkmk…
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.flavor = "woff2"
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints(CORE))
    subsetter.subset(font)
    # Say what this file is wherever a font's version is shown.
    for record in font["name"].names:
        if record.nameID == 5:
            record.string = f"{record.toUnicode()}; Arabic core subset"
    subset.save_font(font, str(target), options)


def fonts_css(names, ranges):
    head = """/* Written by scripts/fonts.py: change the script and run it, not this file.
 * Self-hosted fonts (SIL Open Font License 1.1, see public/fonts/OFL.txt): Noto Naskh Arabic for text,
 * Noto Kufi Arabic for headings. Split by unicode-range, so a page downloads only the files its
 * text uses: the Arabic core (the letters, harakat, digits, punctuation and spaces of Arabic news),
 * the Latin file, and only for other Arabic-script characters (Persian, Urdu, Quranic marks…) the
 * full upstream Arabic file. font-display: optional: a font that has not arrived by the first paint is not swapped
 * in later (the swap would move the text under the reader's eyes); it is cached for the next page. */
"""
    faces = []
    for package, family, weight in FACES:
        for kind in ("core", "full", "latin"):
            faces.append(
                "@font-face {\n"
                f'  font-family: "{family}";\n'
                "  font-style: normal;\n"
                f"  font-weight: {weight};\n"
                "  font-display: optional;\n"
                f'  src: url("fonts/{names[package, weight, kind]}") format("woff2");\n'
                f"  unicode-range: {css_ranges(ranges[package, kind])};\n"
                "}\n"
            )
    return head + "".join(faces)


def write(fonts_dir, css_path):
    names, ranges = {}, {}
    licences = []
    for package, _family, weight in FACES:
        files = PACKAGES / package / "files"
        if not files.is_dir():
            sys.exit(f"fonts: {files} is missing: run `npm ci` (or `make setup`) first")
        upstream = json.loads((PACKAGES / package / "unicode.json").read_text())
        arabic = codepoints(parse_ranges(upstream["arabic"]))
        full = f"{package}-arabic-{weight}-normal.woff2"
        core = codepoints(CORE)
        drawn = set(TTFont(files / full).getBestCmap())
        assert core <= drawn, "every character of the core subset must be drawn by the upstream Arabic file"
        ranges[package, "core"] = CORE
        ranges[package, "full"] = to_ranges(arabic - core)
        ranges[package, "latin"] = to_ranges(codepoints(parse_ranges(upstream["latin"])) - core)
        latin = f"{package}-latin-{weight}-normal.woff2"
        core_name = f"{package}-arabic-core-{weight}-normal.woff2"
        names[package, weight, "full"], names[package, weight, "latin"] = full, latin
        names[package, weight, "core"] = core_name
        shutil.copyfile(files / full, fonts_dir / full)
        shutil.copyfile(files / latin, fonts_dir / latin)
        subset_core(files / full, fonts_dir / core_name)
        licence = (PACKAGES / package / "LICENSE").read_text()
        if licence not in licences:
            licences.append(licence)
    # One licence text, with the copyright line of each family above it.
    copyrights = [text.split("\n", 1)[0] for text in licences]
    bodies = {text.split("\n", 1)[1] for text in licences}
    assert len(bodies) == 1, "the upstream licences differ beyond their copyright lines"
    (fonts_dir / "OFL.txt").write_text("\n".join(copyrights) + "\n" + bodies.pop())
    css_path.write_text(fonts_css(names, ranges))


def main():
    fonts_dir, css_path = ROOT / "public" / "fonts", ROOT / "style" / "fonts.css"
    if sys.argv[1:] == ["--check"]:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            write(out, out / "fonts.css")
            stale = [str(css_path.relative_to(ROOT))] if (out / "fonts.css").read_bytes() != css_path.read_bytes() else []
            written = sorted(p.name for p in out.iterdir() if p.name != "fonts.css")
            committed = sorted(p.name for p in fonts_dir.iterdir())
            stale += [f"public/fonts/{n}" for n in written if n not in committed or (out / n).read_bytes() != (fonts_dir / n).read_bytes()]
            stale += [f"public/fonts/{n} (not written by scripts/fonts.py)" for n in committed if n not in written]
        if stale:
            sys.exit("fonts: not what scripts/fonts.py writes: " + ", ".join(stale) + "\nfonts: run scripts/fonts.py")
        print("fonts: public/fonts/ and style/fonts.css are what scripts/fonts.py writes")
    elif not sys.argv[1:]:
        for old in fonts_dir.iterdir():
            old.unlink()
        write(fonts_dir, css_path)
        for path in sorted(fonts_dir.iterdir()):
            print(f"fonts: {path.relative_to(ROOT)} {path.stat().st_size} B")
    else:
        sys.exit("usage: scripts/fonts.py [--check]")


if __name__ == "__main__":
    main()
