//! Property tests of the shared lenient readers: whatever form a vendor sends a
//! value in, the reader gives the same value, and nothing it is sent panics.

use access_core::lenient::{AnyText, Flag, Int, Lenient, NonEmpty, Reader};
use proptest::prelude::*;
use serde::de::DeserializeSeed;

fn read<R: Reader>(json: &str) -> Result<Option<R::Output>, serde_json::Error> {
    Lenient::<R>::new().deserialize(&mut serde_json::Deserializer::from_str(json))
}

proptest! {
    #[test]
    fn an_integer_reads_the_same_in_every_form(n in any::<i64>(), pad in " {0,2}") {
        prop_assert_eq!(read::<Int>(&n.to_string()).unwrap(), Some(n));
        prop_assert_eq!(read::<Int>(&format!("\"{pad}{n}{pad}\"")).unwrap(), Some(n));
        prop_assert_eq!(read::<Int>(&format!("\"\\\"{n}\\\"\"")).unwrap(), Some(n));
        if n.unsigned_abs() < 1 << 52 {
            prop_assert_eq!(read::<Int>(&format!("{n}.0")).unwrap(), Some(n));
        }
    }

    #[test]
    fn text_is_kept_as_sent(s in "\\PC{0,40}") {
        let json = serde_json::to_string(&s).unwrap();
        prop_assert_eq!(read::<AnyText>(&json).unwrap(), Some(s.clone()));
        let non_empty = read::<NonEmpty>(&json).unwrap();
        prop_assert_eq!(non_empty.is_none(), s.trim().is_empty());
        if let Some(t) = non_empty {
            prop_assert_eq!(t, s);
        }
    }

    #[test]
    fn no_string_makes_a_reader_panic(s in "\\PC{0,40}") {
        let json = serde_json::to_string(&s).unwrap();
        let _ = read::<Int>(&json);
        let _ = read::<Flag>(&json);
        let _ = read::<NonEmpty>(&json);
    }

    #[test]
    fn a_flag_is_exactly_its_words(
        word in "(1|[tT][rR][uU][eE]|[yY][eE][sS]|0|[fF][aA][lL][sS][eE]|[nN][oO]|)",
        pad in " {0,2}",
    ) {
        let json = format!("\"{pad}{word}{pad}\"");
        let want = match word.to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" => Some(true),
            "0" | "false" | "no" => Some(false),
            _ => None,
        };
        prop_assert_eq!(read::<Flag>(&json).unwrap(), want);
    }

    #[test]
    fn lists_and_objects_are_never_a_scalar(n in any::<i64>()) {
        for json in [format!("[{n}]"), format!("{{\"v\":{n}}}")] {
            prop_assert!(read::<Int>(&json).is_err());
            prop_assert!(read::<AnyText>(&json).is_err());
            prop_assert!(read::<Flag>(&json).is_err());
        }
    }
}
