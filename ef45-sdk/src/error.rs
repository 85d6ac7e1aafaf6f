//! How the EF-45 answers a failure, and its numeric device error codes.
//!
//! # How failures surface **\[I\]**
//!
//! The public REST documentation shows no error schema. The device's own
//! libraries (`umxDBGlobal.h`, `umxAlgoGlobal.h`, fact sheet source E4) define
//! negative error codes, and a C# client of CMITech devices (E5) reads an error
//! object `{error_no, error_message}`. [`Ef45ErrorBody`] therefore reads a
//! failed answer that is a JSON object carrying one of the fields `error_no`,
//! `error_code`, `code`, `result` (a negative number, or its text: the device
//! code) or `error_message`, `reason_phrase`, `message` (the text). Anything
//! else (an HTML page, plain text, an empty body, JSON of another shape) is not
//! the device's failure and becomes `Error::UnexpectedStatus`.
//!
//! Each endpoint has its own error enum next to its request type
//! (`ListUserInfoError`, `DeleteUserError`, ...), built with
//! `access_core::error_enum!`: its rows match the device codes (as their
//! decimal text, e.g. `"-761"`) and, where the SDK infers them, statuses and
//! texts. [`ServiceError::code`] answers the
//! device code as text; [`device_code`] (or [`DeviceCode::device_code`]) types it
//! as a [`DeviceErrorCode`]. A failure no row names is `Unknown`, classified by
//! its HTTP status alone (an HTTP 500 is `ErrorKind::Other`, not retryable).

use std::fmt;

use access_core::http::Response;
use access_core::{ErrorDetails, ErrorKind, ServiceError, VendorErrorBody};
use serde_json::{Map, Value};

macro_rules! device_codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $kind:ident, $text:literal; )*) => {
        /// A numeric error code of the EF-45's database and algorithm libraries
        /// (`umxDBGlobal.h`, `umxAlgoGlobal.h`, fact sheet source E4 **\[V\]**).
        ///
        /// How they reach the REST answer is not documented **\[I\]**: the SDK reads
        /// them from the error body (see the [module docs](self)). Unknown codes
        /// are kept in [`DeviceErrorCode::Unknown`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum DeviceErrorCode {
            $( $(#[$doc])* $variant, )*
            /// A code not in the fact sheet, kept as sent.
            Unknown(i64),
        }

        impl DeviceErrorCode {
            /// The code for a number (never fails: unknown numbers are kept).
            pub fn from_code(code: i64) -> Self {
                match code {
                    $( $code => Self::$variant, )*
                    other => Self::Unknown(other),
                }
            }

            /// The number the device uses.
            pub fn code(self) -> i64 {
                match self {
                    $( Self::$variant => $code, )*
                    Self::Unknown(c) => c,
                }
            }

            /// What the vendor header says the code means.
            pub fn description(self) -> &'static str {
                match self {
                    $( Self::$variant => $text, )*
                    Self::Unknown(c) if (-399..=-300).contains(&c)
                        || (-599..=-500).contains(&c)
                        || (-799..=-700).contains(&c)
                        || (-999..=-900).contains(&c) => "database exception",
                    Self::Unknown(_) => "unknown device error",
                }
            }

            /// The kind of failure, for [`access_core::Error::kind`].
            pub fn kind(self) -> ErrorKind {
                match self {
                    $( Self::$variant => ErrorKind::$kind, )*
                    Self::Unknown(_) => ErrorKind::Device,
                }
            }
        }
    };
}

device_codes! {
    /// 0: success.
    Success = 0, Other, "success";
    /// -100: the uuid is null.
    UuidNull = -100, InvalidInput, "uuid is null";
    /// -101: invalid page.
    PageInvalid = -101, InvalidInput, "page is invalid";
    /// -102: invalid page size.
    PageSizeInvalid = -102, InvalidInput, "page size is invalid";
    /// -201: the subject uuid does not exist.
    SubjectNotFound = -201, NotFound, "subject uuid does not exist";
    /// -202: the subject uuid already exists.
    SubjectExists = -202, Conflict, "subject uuid already exists";
    /// -203: the subject could not be serialised.
    SubjectSerialize = -203, InvalidInput, "subject serialize error";
    /// -204: left template size out of range.
    LeftTemplateSize = -204, InvalidInput, "left template size out of range";
    /// -205: right template size out of range.
    RightTemplateSize = -205, InvalidInput, "right template size out of range";
    /// -207: update refused because of the record version.
    SubjectRecordVersion = -207, Conflict, "subject update by record_version failed";
    /// -210: last_name is null.
    LastNameNull = -210, InvalidInput, "last_name is null";
    /// -211: the subject database is full.
    SubjectDbFull = -211, Device, "subject DB full";
    /// -212: subject count error.
    SubjectCount = -212, Device, "subject count error";
    /// -401: the face uuid does not exist.
    FaceNotFound = -401, NotFound, "face uuid does not exist";
    /// -403: no face with this uuid and sub_id.
    FaceSubIdNotFound = -403, NotFound, "face uuid and sub_id do not exist";
    /// -404: the face already exists.
    FaceExists = -404, Conflict, "face already exists";
    /// -409: face sub_id out of range (0..=5).
    FaceSubIdOutOfRange = -409, InvalidInput, "face sub_id out of range";
    /// -410: face feature size out of range.
    FaceFeatureSize = -410, InvalidInput, "face feature size out of range";
    /// -411: face feature blob size out of range.
    FaceBlobSize = -411, InvalidInput, "face feature blob size out of range";
    /// -414: the face database is full.
    FaceDbFull = -414, Device, "face DB full";
    /// -601: the user-info uuid does not exist.
    UserInfoNotFound = -601, NotFound, "user-info uuid does not exist";
    /// -602: the user-info uuid already exists.
    UserInfoExists = -602, Conflict, "user-info uuid already exists";
    /// -603: selecting user info by card failed.
    UserInfoByCard = -603, NotFound, "user-info select by card error";
    /// -606: the card is null.
    CardNull = -606, InvalidInput, "card is null";
    /// -607: the user-info database is full.
    UserInfoDbFull = -607, Device, "user-info DB full";
    /// -741: the card-info uuid does not exist.
    CardInfoNotFound = -741, NotFound, "card-info uuid does not exist";
    /// -761: the user uuid does not exist.
    UserNotFound = -761, NotFound, "user uuid does not exist";
    /// -762: deleting the user failed.
    UserDelete = -762, Device, "user delete error";
    /// -800: event log error.
    EventLog = -800, Device, "event log error";
    /// -801: deleting a log by id failed.
    EventLogDeleteById = -801, Device, "event log delete by id error";
    /// -802: deleting logs from/to failed.
    EventLogDeleteFromTo = -802, Device, "event log delete from/to error";
    /// -803: log id from/to in the wrong range.
    EventLogRange = -803, InvalidInput, "log id from/to wrong range";
    /// -804: event log error.
    EventLog804 = -804, Device, "event log error";
    /// -805: event log error.
    EventLog805 = -805, Device, "event log error";
    /// -1100: database integrity error.
    DbIntegrity = -1100, Device, "DB integrity error";
    /// -1101: database integrity error.
    DbIntegrity1101 = -1101, Device, "DB integrity error";
    /// -1: allocation failure (algorithm).
    AlgoAlloc = -1, Device, "algorithm allocation failure";
    /// -2: invalid handle (algorithm).
    AlgoHandle = -2, Device, "algorithm handle error";
    /// -3: invalid arguments (algorithm).
    AlgoArguments = -3, InvalidInput, "algorithm arguments error";
    /// -1000: iris template size.
    IrisTemplateSize = -1000, InvalidInput, "iris template size error";
    /// -1001: no iris image.
    IrisNoImage = -1001, Device, "no iris image";
    /// -1002: iris template creation failed.
    IrisTemplateFail = -1002, Device, "iris template failure";
    /// -1003: iris compare failed.
    IrisCompare = -1003, Device, "iris compare failure";
    /// -1004: iris error.
    Iris1004 = -1004, Device, "iris error";
    /// -2000: Mirlin licence error.
    MirlinLicence = -2000, Device, "Mirlin licence error";
    /// -2001: empty template.
    EmptyTemplate = -2001, InvalidInput, "empty template";
    /// -4000: eye width below the minimum.
    FaceEyeWidthMin = -4000, Device, "face eye width below minimum";
    /// -4001: eye width above the maximum.
    FaceEyeWidthMax = -4001, Device, "face eye width above maximum";
    /// -4002: no face found.
    FaceNotFoundInImage = -4002, Device, "face not found";
    /// -4003: face template failure.
    FaceTemplate = -4003, Device, "face template failure";
    /// -4004: face compare failure.
    FaceCompare = -4004, Device, "face compare failure";
    /// -5010: NeoFace: insufficient face score.
    NeoFaceScore = -5010, Device, "insufficient face score";
    /// -5011: NeoFace: roll out of range.
    NeoFaceRoll = -5011, Device, "insufficient face roll";
    /// -5012: NeoFace: tilt out of range.
    NeoFaceTilt = -5012, Device, "insufficient face tilt";
}

impl fmt::Display for DeviceErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code(), self.description())
    }
}

/// The EF-45's failure body, read by every endpoint's error enum (see the
/// [module docs](self)).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Ef45ErrorBody;

const CODE_FIELDS: [&str; 4] = ["error_no", "error_code", "code", "result"];
const MESSAGE_FIELDS: [&str; 3] = ["error_message", "reason_phrase", "message"];

fn number(v: &Value) -> Option<i64> {
    v.as_i64()
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

fn failure_object(r: &Response) -> Option<Map<String, Value>> {
    match serde_json::from_slice::<Value>(&r.body).ok()? {
        Value::Object(o)
            if CODE_FIELDS
                .iter()
                .chain(MESSAGE_FIELDS.iter())
                .any(|k| o.contains_key(*k)) =>
        {
            Some(o)
        }
        _ => None,
    }
}

impl VendorErrorBody for Ef45ErrorBody {
    fn parse(r: &Response) -> Option<ErrorDetails> {
        let o = failure_object(r)?;
        let code = CODE_FIELDS
            .iter()
            .filter_map(|k| o.get(*k))
            .find_map(number)
            .filter(|c| *c < 0);
        let message = MESSAGE_FIELDS
            .iter()
            .filter_map(|k| o.get(*k))
            .find_map(|v| v.as_str().map(str::to_string))
            .or_else(|| code.map(|c| DeviceErrorCode::from_code(c).description().to_string()))
            .unwrap_or_default();
        Some(ErrorDetails::new(
            r.status,
            code.map(|c| c.to_string()),
            message,
        ))
    }
}

/// The device code of a failure of any EF-45 endpoint, typed.
///
/// ```
/// use access_core::ServiceError;
/// use access_core::http::{HeaderMap, Response};
/// use ef45_sdk::error::{DeviceErrorCode, device_code};
/// use ef45_sdk::users::DeleteUserError;
///
/// let r = Response::new(404, HeaderMap::new(), r#"{"error_no":-761,"error_message":"user uuid does not exist"}"#);
/// let e = DeleteUserError::from_response(&r).unwrap();
/// assert!(matches!(e, DeleteUserError::NotFound { .. }));
/// assert_eq!(ServiceError::code(&e), Some("-761"));
/// assert_eq!(device_code(&e), Some(DeviceErrorCode::UserNotFound));
/// ```
pub fn device_code(error: &impl ServiceError) -> Option<DeviceErrorCode> {
    error
        .code()
        .and_then(|c| c.trim().parse().ok())
        .map(DeviceErrorCode::from_code)
}

/// [`device_code`] as a method of every endpoint's error enum.
pub trait DeviceCode {
    /// The device code of this failure, when the device sent one.
    fn device_code(&self) -> Option<DeviceErrorCode>;
}

impl<T: ServiceError> DeviceCode for T {
    fn device_code(&self) -> Option<DeviceErrorCode> {
        device_code(self)
    }
}

/// The text of a failed answer, however it is written (the vendor's message
/// field, or the body itself), for recognising a lost lock.
pub(crate) fn failure_text(r: &Response) -> String {
    failure_object(r)
        .and_then(|o| {
            MESSAGE_FIELDS
                .iter()
                .filter_map(|k| o.get(*k))
                .find_map(|v| v.as_str().map(str::to_string))
        })
        .unwrap_or_else(|| r.text_lossy())
}

#[cfg(test)]
mod tests {
    use super::*;
    use access_core::http::HeaderMap;

    #[test]
    fn codes_round_trip() {
        for c in [-201, -803, -409, -5012, -1234, 7] {
            assert_eq!(DeviceErrorCode::from_code(c).code(), c);
        }
        assert_eq!(
            DeviceErrorCode::from_code(-803),
            DeviceErrorCode::EventLogRange
        );
        assert_eq!(
            DeviceErrorCode::Unknown(-350).description(),
            "database exception"
        );
    }

    #[test]
    fn failures_parse_only_in_the_device_shape() {
        let r = Response::new(
            404,
            HeaderMap::new(),
            r#"{"status_code":404,"reason_phrase":"Not Found","error_no":-201,"error_message":"subject uuid does not exist"}"#,
        );
        let d = Ef45ErrorBody::parse(&r).unwrap();
        assert_eq!(d.code.as_deref(), Some("-201"));
        assert_eq!(d.message, "subject uuid does not exist");
        let d = Ef45ErrorBody::parse(&Response::new(
            400,
            HeaderMap::new(),
            r#"{"error_no":"-409"}"#,
        ))
        .unwrap();
        assert_eq!(d.code.as_deref(), Some("-409"));
        assert_eq!(d.message, "face sub_id out of range");
        for body in [
            "<html>oops</html>",
            "",
            "Uuid does not exist",
            "{}",
            r#"{"error":"x"}"#,
            "[1]",
        ] {
            let r = Response::new(500, HeaderMap::new(), body.to_string());
            assert!(Ef45ErrorBody::parse(&r).is_none(), "{body}");
        }
    }
}

access_core::error_rows! {
    /// The EF-45's general failures, by device code (fact sheet source E4): every
    /// endpoint enum of this crate lists its own rows, then these.
    ($) pub(crate) macro device_errors for crate::error::Ef45ErrorBody {
        /// The record already exists, or changed meanwhile (device codes -202, -207,
        /// -404, -602).
        AlreadyExists = (_, code "-202" | code "-207" | code "-404" | code "-602") => Conflict,
        /// The device refused the input (device codes -100 to -102, -203 to -205,
        /// -210, -409 to -411, -606, -803, -3, -1000, -2001).
        InvalidInput = (_, code "-100" | code "-101" | code "-102" | code "-203" | code "-204" | code "-205" | code "-210" | code "-409" | code "-410" | code "-411" | code "-606" | code "-803" | code "-3" | code "-1000" | code "-2001") => InvalidInput,
        /// A device database is full (device codes -211 subjects, -414 faces, -607
        /// user info).
        DatabaseFull = (_, code "-211" | code "-414" | code "-607") => Device,
        /// A fault of the device's database or algorithm libraries (the other device
        /// codes of the fact sheet: -1, -2, -212, -762, -800 to -805, -1001 to -1004,
        /// -1100, -1101, -2000, -4000 to -4004, -5010 to -5012).
        DeviceFault = (_, code "-1" | code "-2" | code "-212" | code "-762" | code "-800" | code "-801" | code "-802" | code "-804" | code "-805" | code "-1001" | code "-1002" | code "-1003" | code "-1004" | code "-1100" | code "-1101" | code "-2000" | code "-4000" | code "-4001" | code "-4002" | code "-4003" | code "-4004" | code "-5010" | code "-5011" | code "-5012") => Device,
    }
}
