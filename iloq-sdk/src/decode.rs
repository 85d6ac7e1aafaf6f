//! Decoders shared by the endpoint definitions.

use access_core::DecodeError;
use access_core::http::Response;
use serde::de::DeserializeOwned;

/// JSON body of the documented shape.
pub(crate) fn json<T: DeserializeOwned>(r: Response) -> Result<T, DecodeError> {
    r.json()
}

/// A body iLOQ documents as void (T4E: "# 204"); any 2xx is accepted and the
/// body ignored **\[V\] ENK/T4E; \[I\] accept any 2xx**.
pub(crate) fn empty(r: Response) -> Result<(), DecodeError> {
    r.empty()
}

/// A JSON string (`"Test OK"`); a bare text body is accepted as well.
pub(crate) fn string(r: Response) -> Result<String, DecodeError> {
    match r.json::<String>() {
        Ok(s) => Ok(s),
        Err(_) => r.text().map(|t| t.trim().to_string()),
    }
}

/// A JSON string that may be null or empty (`Url/GetUrl`).
pub(crate) fn optional_string(r: Response) -> Result<Option<String>, DecodeError> {
    let text = match r.json_or_empty::<Option<String>>() {
        Ok(v) => v.flatten(),
        Err(_) => Some(r.text()?),
    };
    Ok(text.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()))
}
