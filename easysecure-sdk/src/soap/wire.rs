//! What every ESWS request shares: the envelope body and headers, the Latin-1
//! rule, the user id range and the date format.
//!
//! Parameters are sent in the documented order, every one of them, with an empty
//! string for an optional parameter that is not used **\[V\]** D index, "VERY
//! IMPORTANT".

use std::borrow::Cow;

use access_core::http::{Body, HeaderName, HeaderValue};
use access_core::{SecretString, ValidationError};
use chrono::{NaiveDate, NaiveDateTime};

use super::xml::{Param, request_envelope, secret_params};
use crate::UserId;

/// The highest EasySecure user id `updateUser` accepts **\[V\]** D index.
pub const MAX_USER_ID: u64 = 400_000_000;

/// Whether `value` can be imported by ESWS: only characters with a code up to
/// 255 are kept; the service turns others into `?` **\[V\]** D index.
pub fn is_latin1(value: &str) -> bool {
    value.chars().all(|c| (c as u32) <= 0xFF)
}

/// What to do with text outside Latin-1 in updateUser* parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TextPolicy {
    /// Refuse before sending, naming the field (default).
    #[default]
    Refuse,
    /// Replace each such character with `?`, as the service would.
    ReplaceWithQuestionMark,
}

pub(crate) fn latin1(
    field: &str,
    value: &str,
    policy: TextPolicy,
) -> Result<String, ValidationError> {
    if is_latin1(value) {
        return Ok(value.to_string());
    }
    match policy {
        TextPolicy::Refuse => {
            let bad: String = value
                .chars()
                .filter(|c| (*c as u32) > 0xFF)
                .take(3)
                .collect();
            Err(ValidationError::new(
                field,
                format!(
                    "must be Latin-1 (character codes up to 255); ESWS would store {bad:?} as '?' \
                     (opt in to the replacement with TextPolicy::ReplaceWithQuestionMark)"
                ),
            ))
        }
        TextPolicy::ReplaceWithQuestionMark => Ok(value
            .chars()
            .map(|c| if (c as u32) > 0xFF { '?' } else { c })
            .collect()),
    }
}

/// Refuses a user id outside 1 to 400000000, naming `field`.
pub(crate) fn check_user_id(field: &str, id: UserId) -> Result<(), ValidationError> {
    if (1..=MAX_USER_ID).contains(&id.as_u64()) {
        Ok(())
    } else {
        Err(ValidationError::new(
            field,
            "must be an EasySecure user id from 1 to 400000000",
        ))
    }
}

/// Formats a time as ESWS wants it: `yyyy-mm-dd hh:ii:ss`.
pub fn format_soap_datetime(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Parses a date in a format ESWS accepts, for `field`: `yyyy-mm-dd hh:ii:ss`,
/// and, where `short_forms` is set (updateUserAltId **\[V\]** D), also
/// `yyyy-mm-dd hh:ii` and `yyyy-mm-dd`. Anything else is refused: the service
/// would silently replace an invalid start date with today and an invalid expiry
/// with 2030-12-31.
pub fn parse_soap_datetime(
    field: &str,
    value: &str,
    short_forms: bool,
) -> Result<NaiveDateTime, ValidationError> {
    if let Ok(t) = NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M:%S") {
        return Ok(t);
    }
    if short_forms {
        if let Ok(t) = NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M") {
            return Ok(t);
        }
        if let Ok(d) = NaiveDate::parse_from_str(value, "%Y-%m-%d")
            && let Some(t) = d.and_hms_opt(0, 0, 0)
        {
            return Ok(t);
        }
    }
    Err(ValidationError::new(
        field,
        if short_forms {
            "must be yyyy-mm-dd hh:ii:ss, yyyy-mm-dd hh:ii or yyyy-mm-dd"
        } else {
            "must be yyyy-mm-dd hh:ii:ss"
        },
    ))
}

/// A 0/1 flag, empty when unset.
pub(crate) fn flag(v: Option<bool>) -> Param {
    Param::opt(v.map(u8::from))
}

/// The parameter list of one request, in the documented order.
pub(crate) type Params = Vec<(&'static str, Param)>;

/// The `text/xml` envelope of `Esws.<function>` with `params`.
pub(crate) fn envelope(
    function: &str,
    params: Result<Params, ValidationError>,
) -> Result<Body, ValidationError> {
    Ok(Body::Raw {
        content_type: Cow::Borrowed("text/xml; charset=utf-8"),
        bytes: request_envelope(function, &params?).into(),
    })
}

/// The `Accept` and `SOAPAction` headers of `Esws.<function>`.
pub(crate) fn headers(function: &str) -> Vec<(HeaderName, HeaderValue)> {
    let action = HeaderValue::try_from(format!("\"uen:esws#Esws.{function}\""))
        .expect("ESWS function names are ASCII");
    vec![
        (
            HeaderName::from_static("accept"),
            HeaderValue::from_static("text/xml"),
        ),
        (HeaderName::from_static("soapaction"), action),
    ]
}

/// The company key (and `getSyncToken`'s admin password, and PINs) travel in
/// the body: the transport keeps them out of anything an answer quotes them in.
pub(crate) fn secrets(params: Result<Params, ValidationError>) -> Vec<SecretString> {
    params
        .map(|params| secret_params(&params))
        .unwrap_or_default()
}
