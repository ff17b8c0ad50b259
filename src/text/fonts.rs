//! The shipped faces and the fallback chain: which face shows which character.
//!
//! The font files are compiled into the binary (`fonts/`, see its README for where each
//! comes from). A face is parsed the first time a character needs it, once per process, and
//! shared by every thread: the Chinese and Korean faces (megabytes each) cost nothing to a
//! batch that never prints them. Which face of the chain shows a character is a table of
//! the whole of Unicode made once, so lookups are an index.

use std::sync::OnceLock;

/// One of the shipped faces, by its position in [`FACES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FaceId(pub u8);

/// The style a piece of text asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    /// Regular.
    Regular,
    /// Bold.
    Bold,
    /// Italic.
    Italic,
}

/// A face as the chain uses it: the file, and whether bold is made by stroking the outline
/// (for scripts whose font has no bold face).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FaceRef {
    /// The face.
    pub face: FaceId,
    /// Draw with fill and stroke to embolden.
    pub synthetic_bold: bool,
}

/// A shipped font file.
pub struct FaceFile {
    /// File name in `fonts/`.
    pub file: &'static str,
    /// The bytes.
    pub bytes: &'static [u8],
}

macro_rules! face {
    ($name:literal) => {
        FaceFile {
            file: $name,
            bytes: include_bytes!(concat!("../../fonts/", $name)),
        }
    };
}

/// Every shipped face. Order matters only through [`chain`].
pub static FACES: [FaceFile; FACE_COUNT] = [
    face!("DejaVuSans.ttf"),
    face!("DejaVuSans-Bold.ttf"),
    face!("DejaVuSans-Oblique.ttf"),
    face!("NotoSansArabic-Regular.ttf"),
    face!("NotoSansArabic-Bold.ttf"),
    face!("NotoSansHebrew-Regular.ttf"),
    face!("NotoSansHebrew-Bold.ttf"),
    face!("NotoSansDevanagari-Regular.ttf"),
    face!("NotoSansDevanagari-Bold.ttf"),
    face!("NotoSansBengali-Regular.ttf"),
    face!("NotoSansBengali-Bold.ttf"),
    face!("NotoSansGurmukhi-Regular.ttf"),
    face!("NotoSansGurmukhi-Bold.ttf"),
    face!("NotoSansGujarati-Regular.ttf"),
    face!("NotoSansGujarati-Bold.ttf"),
    face!("NotoSansTamil-Regular.ttf"),
    face!("NotoSansTamil-Bold.ttf"),
    face!("NotoSansThai-Regular.ttf"),
    face!("NotoSansThai-Bold.ttf"),
    face!("NotoSansArmenian-Regular.ttf"),
    face!("NotoSansArmenian-Bold.ttf"),
    face!("NotoSansGeorgian-Regular.ttf"),
    face!("NotoSansGeorgian-Bold.ttf"),
    face!("DroidSansFallbackFull.ttf"),
    face!("NanumGothic.ttf"),
    face!("NanumGothicBold.ttf"),
];

/// The number of shipped faces.
pub const FACE_COUNT: usize = 26;

const DROID: u8 = 23;
const NANUM: u8 = 24;
const NANUM_BOLD: u8 = 25;

/// Faces in the order they are tried, for a style. Regular and bold of each Noto script
/// are adjacent in [`FACES`] (regular at an odd index from 3 on).
pub fn chain(style: Style) -> &'static [FaceRef] {
    static CHAINS: OnceLock<[Vec<FaceRef>; 3]> = OnceLock::new();
    let chains = CHAINS.get_or_init(|| {
        let plain = |i: u8| FaceRef {
            face: FaceId(i),
            synthetic_bold: false,
        };
        let scripts = (3u8..23).step_by(2);
        let regular: Vec<FaceRef> = std::iter::once(0)
            .chain(scripts.clone())
            .chain([DROID, NANUM])
            .map(plain)
            .collect();
        // A character a bold face lacks is shown by the regular chain rather than not at
        // all, so every style covers what the regular chain covers.
        let bold: Vec<FaceRef> = std::iter::once(1)
            .chain(scripts.clone().map(|i| i + 1))
            .map(plain)
            .chain([
                FaceRef {
                    face: FaceId(DROID),
                    synthetic_bold: true,
                },
                plain(NANUM_BOLD),
            ])
            .chain(regular.iter().copied())
            .collect();
        // No script but Latin, Greek and Cyrillic has an italic face: the others stay
        // upright, as is usual for them.
        let italic: Vec<FaceRef> = std::iter::once(plain(2))
            .chain(regular.iter().copied())
            .collect();
        [regular, bold, italic]
    });
    match style {
        Style::Regular => &chains[0],
        Style::Bold => &chains[1],
        Style::Italic => &chains[2],
    }
}

/// A parsed face: the shaper's view of it, and its metrics.
pub struct Face {
    /// The shaper's face (borrows the static bytes).
    pub hb: rustybuzz::Face<'static>,
    /// Units per em.
    pub upem: u16,
}

/// The face, parsed on first use.
pub fn face(id: FaceId) -> &'static Face {
    static PARSED: [OnceLock<Face>; FACE_COUNT] = [const { OnceLock::new() }; FACE_COUNT];
    PARSED[id.0 as usize].get_or_init(|| {
        let bytes = FACES[id.0 as usize].bytes;
        // The shipped files are checked by the tests; a file that does not parse is a
        // build defect, not a runtime condition.
        let hb = rustybuzz::Face::from_slice(bytes, 0)
            .unwrap_or_else(|| panic!("shipped font {} does not parse", FACES[id.0 as usize].file));
        let upem = hb.units_per_em() as u16;
        Face { hb, upem }
    })
}

/// The file of a face.
pub fn file(id: FaceId) -> &'static FaceFile {
    &FACES[id.0 as usize]
}

/// Whether a face has a glyph for `c`, without parsing the face (its cmap is read
/// directly; this is what the coverage table is built from).
fn face_covers_table(id: FaceId) -> Vec<u32> {
    let bytes = FACES[id.0 as usize].bytes;
    let mut out = Vec::new();
    if let Ok(f) = rustybuzz::ttf_parser::Face::parse(bytes, 0)
        && let Some(cmap) = f.tables().cmap
    {
        for sub in cmap.subtables {
            if sub.is_unicode() {
                sub.codepoints(|cp| {
                    if sub.glyph_index(cp).is_some_and(|g| g.0 != 0) {
                        out.push(cp);
                    }
                });
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The coverage tables stop here, as they always have: a code point above counts as in
/// no face.
const COVERED: usize = 0x30000;

/// For every code point below [`COVERED`], whether the face has it (a bit set), read from
/// the face's cmap on first use: a batch of Latin-script records reads DejaVu's alone,
/// not all 26 faces' (38 M instructions, a seventh of a one-record run).
fn coverage(id: FaceId) -> &'static [u64] {
    static TABLES: [OnceLock<Vec<u64>>; FACE_COUNT] = [const { OnceLock::new() }; FACE_COUNT];
    TABLES[id.0 as usize].get_or_init(|| {
        let mut t = vec![0u64; COVERED / 64];
        for cp in face_covers_table(id) {
            if let Some(word) = t.get_mut(cp as usize / 64) {
                *word |= 1 << (cp % 64);
            }
        }
        t
    })
}

/// Whether the face has a glyph for `c`.
pub fn covers(face: FaceId, c: char) -> bool {
    let cp = c as usize;
    cp < COVERED && coverage(face)[cp / 64] & (1 << (cp % 64)) != 0
}

/// The first face of the style's chain that has `c`.
pub fn first_covering(style: Style, c: char) -> Option<FaceRef> {
    chain(style).iter().copied().find(|f| covers(f.face, c))
}

/// Whether some shipped face, in any style, can show `c`.
pub fn any_covers(c: char) -> bool {
    (0..FACE_COUNT).any(|i| covers(FaceId(i as u8), c))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tables read face by face on first use answer as the one table of every face
    /// built at once did.
    #[test]
    fn coverage_face_by_face_is_the_coverage_of_all_faces() {
        let mut all = vec![0u32; COVERED];
        for i in 0..FACE_COUNT {
            for cp in face_covers_table(FaceId(i as u8)) {
                if let Some(slot) = all.get_mut(cp as usize) {
                    *slot |= 1 << i;
                }
            }
        }
        let styles = [Style::Regular, Style::Bold, Style::Italic];
        for (cp, &bits) in all.iter().enumerate() {
            let Some(c) = char::from_u32(cp as u32) else {
                continue;
            };
            assert_eq!(any_covers(c), bits != 0, "U+{cp:04X}");
            for style in styles {
                let before = (bits != 0)
                    .then(|| {
                        chain(style)
                            .iter()
                            .copied()
                            .find(|f| bits & (1 << f.face.0) != 0)
                    })
                    .flatten();
                assert_eq!(first_covering(style, c), before, "U+{cp:04X} {style:?}");
            }
        }
        assert!(!any_covers('\u{30000}'));
    }
}
