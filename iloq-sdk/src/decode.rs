//! Decoders shared by the endpoint definitions.

use access_core::DecodeError;
use access_core::http::Response;

/// A JSON string (`"Test OK"`); a bare text body is accepted as well, but not
/// an empty one, nor one that is JSON of another type (`null`, `true`, an
/// object, a list) or broken JSON: those are decode errors, not strings.
pub(crate) fn string(r: Response) -> Result<String, DecodeError> {
    match r.json::<String>() {
        Ok(s) => Ok(s),
        Err(e) => bare_text(&r, e),
    }
}

/// A JSON string that may be null or empty (`Url/GetUrl`); a bare text body is
/// accepted as the URL, but not JSON of another type or broken JSON.
pub(crate) fn optional_string(r: Response) -> Result<Option<String>, DecodeError> {
    let text = match r.json_or_empty::<Option<String>>() {
        Ok(v) => v.flatten(),
        Err(e) => Some(bare_text(&r, e)?),
    };
    Ok(text.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()))
}

/// The body as bare text, when it is text and not JSON of another kind.
fn bare_text(r: &Response, json_error: DecodeError) -> Result<String, DecodeError> {
    let text = r.text()?;
    let t = text.trim();
    let looks_like_json =
        t.is_empty() || t.starts_with(['{', '[', '"']) || matches!(t, "null" | "true" | "false");
    if looks_like_json {
        return Err(json_error);
    }
    Ok(t.to_string())
}

/// An integer answer field iLOQ marks non-nullable: a number or a numeric
/// string; `null` or an empty string is read as 0, so a .NET server that
/// leaves a default out does not fail the whole answer.
pub(crate) fn int_or_zero<'de, D: serde::Deserializer<'de>, T: TryFrom<i64>>(
    d: D,
) -> Result<T, D::Error> {
    let v = access_core::lenient::read::<D, access_core::lenient::Int>(d)?.unwrap_or(0);
    T::try_from(v).map_err(|_| serde::de::Error::custom(format!("integer {v} out of range")))
}

/// `#[serde(deserialize_with)]` for a list answer field that iLOQ documents as
/// nullable: `null`, absent (with `default`), `""` and blank text read as an
/// empty list.
pub(crate) fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    Ok(access_core::lenient::optional::<D, Vec<T>>(d)?.unwrap_or_default())
}
