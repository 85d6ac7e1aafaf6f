//! The EF-45's failures: its numeric device error codes and each resource
//! group's typed error enum.
//!
//! # How failures surface \[I\]
//!
//! The public REST documentation shows no error schema. The device's own
//! libraries (`umxDBGlobal.h`, `umxAlgoGlobal.h`, fact sheet source E4) define
//! negative error codes, and a C# client of CMITech devices (E5) reads an error
//! object `{error_no, error_message}`. The SDK therefore reads a failed answer
//! leniently: a numeric code from `error_no`, `error_code`, `code` or `result`,
//! a message from `error_message`, `reason_phrase`, `message` or the raw body.
//! A code becomes a [`DeviceErrorCode`] (unknown codes are kept as
//! [`DeviceErrorCode::Unknown`]); nothing is ever lost and nothing panics.

use std::fmt;

use access_core::ErrorKind;
use access_core::http::Response;
use serde_json::Value;

macro_rules! device_codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $kind:ident, $text:literal; )*) => {
        /// A numeric error code of the EF-45's database and algorithm libraries
        /// (`umxDBGlobal.h`, `umxAlgoGlobal.h`, fact sheet source E4 \[V\]).
        ///
        /// How they reach the REST answer is not documented \[I\]: the SDK reads
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

/// A failed answer read leniently (see the [module docs](self)).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Failure {
    pub status: u16,
    pub code: Option<DeviceErrorCode>,
    pub message: String,
}

impl Failure {
    pub(crate) fn parse(r: &Response) -> Self {
        let text = r.text_lossy();
        let json: Option<Value> = serde_json::from_slice(&r.body).ok();
        let obj = json.as_ref().and_then(Value::as_object);
        let code = obj.and_then(|o| {
            ["error_no", "error_code", "code", "result"]
                .iter()
                .filter_map(|k| o.get(*k))
                .find_map(|v| {
                    v.as_i64()
                        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
                })
                .filter(|c| *c < 0)
                .map(DeviceErrorCode::from_code)
        });
        let message = obj
            .and_then(|o| {
                ["error_message", "reason_phrase", "message", "error"]
                    .iter()
                    .filter_map(|k| o.get(*k))
                    .find_map(|v| v.as_str().map(str::to_string))
            })
            .unwrap_or_else(|| access_core::excerpt(text.trim().as_bytes()));
        Self {
            status: r.status,
            code,
            message,
        }
    }

    pub(crate) fn mentions(&self, needle: &str) -> bool {
        self.message.to_ascii_lowercase().contains(needle)
    }
}

/// The class of a status: the device also answers 423 when another client holds
/// the lock, and 500/501 for passing device faults \[I\]; the rest as usual.
pub(crate) fn kind_of_status(status: u16) -> ErrorKind {
    match status {
        423 => ErrorKind::Auth,
        500 | 501 => ErrorKind::Transient,
        other => ErrorKind::from_status(other),
    }
}

/// Builds a resource group's error enum: its documented or inferred rows, then
/// `Device` (a [`DeviceErrorCode`]) and `Unknown` (status and message kept).
macro_rules! error_enum {
    (
        $(#[$doc:meta])*
        $name:ident {
            $( $(#[$vdoc:meta])* $variant:ident => $kind:ident if $pred:expr; )*
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, thiserror::Error)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$vdoc])*
                #[error("{message}")]
                $variant {
                    /// The device's message.
                    message: String,
                },
            )*
            /// The device answered one of its numeric error codes.
            #[error("device error {code}: {message}")]
            Device {
                /// The typed code.
                code: $crate::error::DeviceErrorCode,
                /// The device's message.
                message: String,
            },
            /// Any other failure, status and message kept.
            #[error("HTTP {status}: {message}")]
            Unknown {
                /// The HTTP status.
                status: u16,
                /// The device's message or a bounded excerpt of the body.
                message: String,
            },
        }

        impl $name {
            /// The device error code, when the answer carried one.
            pub fn device_code(&self) -> Option<$crate::error::DeviceErrorCode> {
                match self {
                    Self::Device { code, .. } => Some(*code),
                    _ => None,
                }
            }
        }

        impl access_core::ServiceError for $name {
            #[allow(clippy::redundant_closure_call)]
            fn from_response(r: &access_core::http::Response) -> Option<Self> {
                let f = $crate::error::Failure::parse(r);
                $(
                    if ($pred)(&f) {
                        return Some(Self::$variant { message: f.message });
                    }
                )*
                if let Some(code) = f.code {
                    return Some(Self::Device { code, message: f.message });
                }
                Some(Self::Unknown { status: f.status, message: f.message })
            }

            fn kind(&self) -> access_core::ErrorKind {
                match self {
                    $( Self::$variant { .. } => access_core::ErrorKind::$kind, )*
                    Self::Device { code, .. } => code.kind(),
                    Self::Unknown { status, .. } => $crate::error::kind_of_status(*status),
                }
            }
        }
    };
}

error_enum! {
    /// Failures of the connection endpoints (`/lock`, `/version`).
    LockError {
        /// Another client holds the lock (`POST /lock` refused) [I: 409/423].
        AlreadyLocked => Conflict if |f: &Failure| matches!(f.status, 409 | 423);
        /// The `lock_uid` is not the current one (disconnect of a lock that was
        /// taken over or already released) [I: 404, or 400/401 naming the lock].
        UnknownLock => NotFound if |f: &Failure| f.status == 404 || (matches!(f.status, 400 | 401) && f.mentions("uuid"));
    }
}

error_enum! {
    /// Failures of the camera and enrolment calls (camera settings, time,
    /// start/stop, match template, preview, biometric data, images).
    CameraError {
        /// The camera must be in `Slave` mode first [V: E1 "make sure that the
        /// camera mode is set to 'Slave' before starting camera"; I: the answer].
        NotSlaveMode => Conflict if |f: &Failure| f.mentions("slave");
        /// No biometric mode was given to camera start [V rule, I answer: 400
        /// naming the mode]. The SDK checks this before sending.
        NoBiometricMode => InvalidInput if |f: &Failure| f.status == 400 && f.mentions("mode");
        /// The camera is busy (already started) or there is nothing captured to
        /// save [I: 409].
        Busy => Conflict if |f: &Failure| f.status == 409;
        /// The request was refused as invalid [I: 400].
        BadRequest => InvalidInput if |f: &Failure| f.status == 400 && f.code.is_none();
        /// Not found: no such buffer entry or image file, or the biometric-data
        /// endpoint version is not served by this app version [I: 404].
        NotFound => NotFound if |f: &Failure| f.status == 404 && f.code.is_none();
    }
}

error_enum! {
    /// Failures of the device and recognition calls (settings, manual command,
    /// card input mode, relay, anti-passback, match data, door status).
    DeviceError {
        /// The camera must be in `Slave` mode first (card input mode) [seed
        /// rule; I answer].
        NotSlaveMode => Conflict if |f: &Failure| f.mentions("slave");
        /// "Use manual command" is disabled in the device's menu (Settings >
        /// Network > Server) [seed rule; I: 403].
        ManualCommandDisabled => Device if |f: &Failure| f.status == 403;
        /// The request was refused as invalid (wrong setting type, no
        /// parameter, APBStatus other than 1) [I: 400].
        BadRequest => InvalidInput if |f: &Failure| f.status == 400 && f.code.is_none();
        /// Not found: unknown setting title or encounter id [I: 404].
        NotFound => NotFound if |f: &Failure| f.status == 404 && f.code.is_none();
    }
}

error_enum! {
    /// Failures of the record endpoints (subjects, user info, user, faces).
    RecordError {
        /// The record does not exist [I: 404 without a device code].
        NotFound => NotFound if |f: &Failure| f.status == 404 && f.code.is_none();
        /// The record already exists [I: 409 without a device code].
        AlreadyExists => Conflict if |f: &Failure| f.status == 409 && f.code.is_none();
        /// The record was refused as invalid [I: 400 without a device code].
        Invalid => InvalidInput if |f: &Failure| f.status == 400 && f.code.is_none();
    }
}

error_enum! {
    /// Failures of the log endpoints.
    LogError {
        /// No log with this id [I: 404 without a device code].
        NotFound => NotFound if |f: &Failure| f.status == 404 && f.code.is_none();
        /// The range was refused [I: 400 without a device code; the device code
        /// -803 arrives as `Device`].
        InvalidRange => InvalidInput if |f: &Failure| f.status == 400 && f.code.is_none();
    }
}

error_enum! {
    /// Failures of the firmware upgrade endpoints.
    FirmwareError {
        /// A unit was refused (bad base64, out of order) [I: 400].
        UnitRejected => InvalidInput if |f: &Failure| f.status == 400;
        /// The assembled image failed the device's check (version, integrity) [I: 422].
        ImageRejected => Device if |f: &Failure| f.status == 422;
        /// No upload in progress / upgrade already running [I: 409].
        NotInProgress => Conflict if |f: &Failure| f.status == 409;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use access_core::ServiceError;
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
    fn failures_parse_leniently() {
        let r = Response::new(
            404,
            HeaderMap::new(),
            r#"{"status_code":404,"reason_phrase":"Not Found","error_no":-201,"error_message":"subject uuid does not exist"}"#,
        );
        let e = RecordError::from_response(&r).unwrap();
        assert_eq!(e.device_code(), Some(DeviceErrorCode::SubjectNotFound));
        assert_eq!(e.kind(), ErrorKind::NotFound);
        let html = Response::new(500, HeaderMap::new(), "<html>oops</html>");
        match CameraError::from_response(&html).unwrap() {
            CameraError::Unknown { status, message } => {
                assert_eq!(status, 500);
                assert!(message.contains("oops"));
            }
            other => panic!("{other:?}"),
        }
    }
}
