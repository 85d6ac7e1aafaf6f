//! Comparing a simulator's (or a server's) JSON answer with a hand-written
//! expectation in the vendor's documented shape, for the simulators' wire
//! checks (`tests/suite/sim_wire.rs` in each vendor crate).
//!
//! The expectation is plain JSON, with placeholders for what the simulator
//! generates (an id, a timestamp, a token): [`json_diff`] wants the same keys
//! (no more, no fewer; a [`NULLABLE`] one may be missing), the same JSON types
//! and the same values, and lists every difference with its JSON path.

use serde_json::Value;

/// Any JSON string.
pub const ANY_STRING: &str = "<any string>";
/// Any JSON integer.
pub const ANY_INT: &str = "<any integer>";
/// Any JSON value but `null` (a field the documents name without a type).
pub const ANY_VALUE: &str = "<any value>";
/// An integer, or a string holding one (an id a vendor writes either way).
pub const ANY_ID: &str = "<integer or numeric string>";
/// A string in the `8-4-4-4-12` hexadecimal format (a GUID, an EF-45 `lock_uid`).
pub const ANY_GUID: &str = "<guid>";
/// An RFC 3339 timestamp such as `2018-05-28T14:26:26Z`.
pub const ANY_TIMESTAMP: &str = "<RFC 3339 timestamp>";
/// A non-empty base64 string (line breaks allowed).
pub const ANY_BASE64: &str = "<base64>";
/// A field the specification marks nullable: `null`, or left out.
pub const NULLABLE: &str = "<null or absent>";
/// `<contains:TEXT>`: a string containing TEXT (write it with [`contains`]).
pub const CONTAINS: &str = "<contains:";

/// The placeholder for a string containing `text`.
pub fn contains(text: &str) -> String {
    format!("{CONTAINS}{text}>")
}

/// Whether `s` has the `8-4-4-4-12` hexadecimal shape.
pub fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn is_base64(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    !t.is_empty()
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=')
}

/// Whether `got` is what the placeholder `want` stands for; `None` when `want`
/// is not a placeholder.
fn placeholder(want: &str, got: &Value) -> Option<bool> {
    Some(match want {
        ANY_STRING => got.is_string(),
        ANY_INT => got.is_i64() || got.is_u64(),
        ANY_VALUE => !got.is_null(),
        ANY_ID => {
            got.is_i64()
                || got.is_u64()
                || got
                    .as_str()
                    .is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        }
        ANY_GUID => got.as_str().is_some_and(is_guid),
        ANY_TIMESTAMP => got
            .as_str()
            .is_some_and(|s| chrono::DateTime::parse_from_rfc3339(s).is_ok()),
        ANY_BASE64 => got.as_str().is_some_and(is_base64),
        NULLABLE => got.is_null(),
        w if w.starts_with(CONTAINS) && w.ends_with('>') => {
            let text = &w[CONTAINS.len()..w.len() - 1];
            got.as_str().is_some_and(|g| g.contains(text))
        }
        _ => return None,
    })
}

/// Compares `got` with the hand-written `want` below the JSON path `at`,
/// pushing one line per difference onto `out`: a missing or unexpected field,
/// another type or value, another list length. `1` and `1.0` differ (a strict
/// reader sees two types).
pub fn json_diff(at: &str, want: &Value, got: &Value, out: &mut Vec<String>) {
    if let Value::String(w) = want
        && let Some(ok) = placeholder(w, got)
    {
        if !ok {
            out.push(format!("{at}: want {w}, got {got}"));
        }
        return;
    }
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, wv) in w {
                match g.get(k) {
                    Some(gv) => json_diff(&format!("{at}.{k}"), wv, gv, out),
                    None if wv.as_str() == Some(NULLABLE) => {}
                    None => out.push(format!("{at}: missing field `{k}` (want {wv})")),
                }
            }
            for (k, gv) in g {
                if !w.contains_key(k) {
                    out.push(format!("{at}: unexpected field `{k}` = {gv}"));
                }
            }
        }
        (Value::Array(w), Value::Array(g)) => {
            if w.len() != g.len() {
                out.push(format!(
                    "{at}: want {} elements, got {}: {got}",
                    w.len(),
                    g.len()
                ));
                return;
            }
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                json_diff(&format!("{at}[{i}]"), wv, gv, out);
            }
        }
        (Value::Number(w), Value::Number(g)) => {
            if w.is_f64() != g.is_f64() || w.as_f64() != g.as_f64() {
                out.push(format!("{at}: want {w}, got {g}"));
            }
        }
        _ => {
            if want != got {
                out.push(format!("{at}: want {want}, got {got}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Renamed, retyped, extra and missing fields are all seen; placeholders
    /// and nullable fields pass.
    #[test]
    fn the_matcher_sees_every_difference() {
        let want = json!({
            "Id": ANY_GUID, "Name": "a", "N": 1, "When": ANY_TIMESTAMP,
            "Note": NULLABLE, "Text": contains("ell"), "Ref": ANY_ID,
        });
        let good = json!({
            "Id": "0a1b2c3d-0000-4000-8000-00000000000a", "Name": "a", "N": 1,
            "When": "2018-05-28T14:26:26Z", "Text": "hello", "Ref": "42",
        });
        let mut out = Vec::new();
        json_diff("$", &want, &good, &mut out);
        assert!(out.is_empty(), "{out:?}");
        let bad = json!({
            "id": "x", "Name": "b", "N": 1.0, "When": "yesterday", "Note": 3,
            "Text": "no", "Ref": "4a", "Extra": true,
        });
        json_diff("$", &want, &bad, &mut out);
        assert_eq!(out.len(), 9, "{out:#?}");
    }
}
