//! A cheap test of whether a document is English, the only language the
//! gazetteers and the resolution rules are written for: a French or German
//! article gives a near-empty graph, and without a word the user takes it for
//! the truth. English prose is about two-fifths function words (`the`, `of`,
//! `and`, ...); text in another language has almost none of them.

/// Common English function words, sorted (for a binary search).
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from",
    "had", "has", "have", "he", "his", "in", "is", "it", "its", "not", "of", "on", "or", "said",
    "that", "the", "their", "they", "this", "to", "was", "were", "which", "who", "will", "with",
];

/// The words looked at: enough for the test, few enough to cost nothing.
const SAMPLE: usize = 2000;

/// Documents shorter than this many words are not judged.
const MIN_WORDS: usize = 20;

/// The share of function words below which a document is not English. English
/// news is near 0.4, and the words above are rare in other languages (French
/// `a`, German `in` and `an` being the commonest, near 0.02 each).
const MIN_SHARE: f64 = 0.08;

/// False when `text` does not look like English; true when it does or is too
/// short to tell.
pub fn looks_english(text: &str) -> bool {
    let (mut words, mut stop) = (0usize, 0usize);
    for word in text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).take(SAMPLE) {
        words += 1;
        // Lower-cased on the stack: the function words are short and ASCII.
        let mut buf = [0u8; 5];
        if word.len() <= buf.len() && word.is_ascii() {
            let lower = &mut buf[..word.len()];
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            let lower = std::str::from_utf8(lower).expect("ASCII");
            if STOP_WORDS.binary_search(&lower).is_ok() {
                stop += 1;
            }
        }
    }
    words < MIN_WORDS || stop as f64 >= MIN_SHARE * words as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_told_from_other_languages() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]), "sorted");
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
    }
}
