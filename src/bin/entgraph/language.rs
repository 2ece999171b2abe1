//! A cheap test of whether a document is English, the only language the
//! gazetteers and the resolution rules are written for: a French or German
//! article gives a near-empty graph, and without a word the user takes it for
//! the truth. English prose is about two-fifths function words (`the`, `of`,
//! `and`, ...); text in another language has almost none of them.

/// Common English function words (of up to 5 letters) as numbers ([`key`]),
/// in order: by length, then alphabetically, which is the order of their keys.
const KEYS: &[u64] = &[
    key(b"a"),
    key(b"as"),
    key(b"at"),
    key(b"be"),
    key(b"by"),
    key(b"he"),
    key(b"in"),
    key(b"is"),
    key(b"it"),
    key(b"of"),
    key(b"on"),
    key(b"or"),
    key(b"to"),
    key(b"and"),
    key(b"are"),
    key(b"but"),
    key(b"for"),
    key(b"had"),
    key(b"has"),
    key(b"his"),
    key(b"its"),
    key(b"not"),
    key(b"the"),
    key(b"was"),
    key(b"who"),
    key(b"been"),
    key(b"from"),
    key(b"have"),
    key(b"said"),
    key(b"that"),
    key(b"they"),
    key(b"this"),
    key(b"were"),
    key(b"will"),
    key(b"with"),
    key(b"about"),
    key(b"after"),
    key(b"their"),
    key(b"which"),
];

/// The words looked at: enough for the test, few enough to cost nothing.
const SAMPLE: usize = 100;

/// Documents shorter than this many words are not judged.
const MIN_WORDS: usize = 20;

/// The share of function words below which a document is not English. English
/// news is near 0.4, and the words above are rare in other languages (French
/// `a`, German `in` and `an` being the commonest, near 0.02 each).
const MIN_SHARE: f64 = 0.08;

/// An ASCII word of up to 8 letters, lower-cased, as a number.
const fn key(word: &[u8]) -> u64 {
    let mut k = 0;
    let mut i = 0;
    while i < word.len() {
        k = k << 8 | (word[i] | 0x20) as u64;
        i += 1;
    }
    k
}

/// False when `text` does not look like English; true when it does or is too
/// short to tell. Words are runs of letters; a run with letters beyond ASCII
/// counts as a word (more for a long run, as in scripts written without spaces)
/// that is no function word.
pub fn looks_english(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (mut words, mut stop, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() && words < SAMPLE {
        if !LETTER[usize::from(bytes[i])] {
            i += 1;
            continue;
        }
        // One pass over the word tells whether it is ASCII and makes its key
        // (which only words of up to 5 letters use).
        let start = i;
        let (mut high, mut k) = (0u8, 0u64);
        while let Some(&b) = bytes.get(i).filter(|&&b| LETTER[usize::from(b)]) {
            high |= b;
            k = k << 8 | u64::from(b | 0x20);
            i += 1;
        }
        let len = i - start;
        if high < 0x80 {
            words += 1;
            if len <= 5 && KEYS.binary_search(&k).is_ok() {
                stop += 1;
            }
        } else {
            words += 1 + len / 8;
        }
    }
    words < MIN_WORDS || stop as f64 >= MIN_SHARE * words as f64
}

/// The bytes of words: ASCII letters and every byte of a non-ASCII character.
static LETTER: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (i as u8).is_ascii_alphabetic() || i >= 0x80;
        i += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_told_from_other_languages() {
        assert!(KEYS.windows(2).all(|w| w[0] < w[1]), "sorted");
        let english = "The president of France met the Chancellor of Germany in Berlin on \
                       Monday, and they said that the talks had been useful for both of their \
                       countries, which have agreed to work with the European Union.";
        assert!(looks_english(english));
        let french = "Le président de la République française a rencontré lundi à Berlin le \
                      chancelier allemand. Les deux dirigeants ont évoqué la guerre en Ukraine \
                      et les relations avec les États-Unis et la Chine, selon un communiqué.";
        assert!(!looks_english(french));
        let german = "Der französische Präsident hat am Montag in Berlin den deutschen Kanzler \
                      getroffen. Die beiden sprachen über den Krieg in der Ukraine und die \
                      Beziehungen zu den Vereinigten Staaten und den Vereinten Nationen.";
        assert!(!looks_english(german));
        assert!(looks_english("Merci beaucoup, Paris."), "too short to judge");
        let russian = "Президент России Владимир Путин провёл в понедельник переговоры с \
                       председателем КНР Си Цзиньпином. Стороны обсудили торговлю, энергетику \
                       и ситуацию на Украине, сообщили в Кремле после встречи в Москве.";
        assert!(!looks_english(russian));
    }
}
