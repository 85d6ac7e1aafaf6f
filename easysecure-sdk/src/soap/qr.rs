//! QR codes: `setQR`, `getQR` and `deleteQR`, and the [`QrCodes`] handle
//! (`soap.qr_codes()`).

use std::fmt;

use access_core::http::Response;
use access_core::{DecodeError, Error, ValidationError};

use super::client::{CompanyKey, SOAP_PATH, SoapClient};
use super::error::{Classify, decode_ok, decode_text};
use super::wire::{self, Params, TextPolicy, latin1};
use super::xml::Param;
use crate::WsAltUserId;

/// A QR code of a user: 32 random characters from `[0-9a-zA-Z]` **\[V\]** D setQR.
/// The caller draws the QR image. It opens doors: its `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct QrCode(String);

impl QrCode {
    /// The code's characters, to draw as a QR image.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for QrCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("QrCode([redacted])")
    }
}

fn qr_from<E: access_core::error_table::ErrorTable>(
    status: u16,
    text: String,
    errors: &Classify<E>,
) -> Result<QrCode, E> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(QrCode(text))
    } else {
        Err(errors.any(status, &text))
    }
}

fn params(key: &CompanyKey, alt_id: &WsAltUserId) -> Result<Params, ValidationError> {
    Ok(vec![
        key.param(),
        (
            "p_wsAltUserId",
            Param::text(latin1(
                "p_wsAltUserId",
                alt_id.as_str(),
                TextPolicy::Refuse,
            )?),
        ),
    ])
}

crate::soap::error::esws_errors! {
    /// Failures of `setQR` **\[V\]** D setQR.php.
    pub enum SetQrError {
        /// `NO_WS_ALT_USER_ID_INFOFIELD_SET`: the company has no info label with
        /// the function `wsAltUserId`.
        NoWsAltUserIdInfofieldSet = (200, code "NO_WS_ALT_USER_ID_INFOFIELD_SET") => InvalidInput,
        /// `NO_ID_RECEIVED`: no `p_wsAltUserId` was sent.
        NoIdReceived = (200, code "NO_ID_RECEIVED") => InvalidInput,
        /// `NO_INFO_FOUND_WITH_WSALTUSERID`: no info record holds this
        /// wsAltUserId (kind `InvalidInput`: the enum's one `NotFound` is the
        /// missing user).
        NoInfoFoundWithWsAltUserId = (200, code "NO_INFO_FOUND_WITH_WSALTUSERID") => InvalidInput,
        /// `NO_USER_FOUND_WITH_WSALTUSERID`: no user has this wsAltUserId.
        NoUserFoundWithWsAltUserId = (200, code "NO_USER_FOUND_WITH_WSALTUSERID") => NotFound,
    }
}

/// `Esws.setQR`: gives the user with this wsAltUserId a new QR code and
/// answers it **\[V\]** D setQR.php. Not idempotent (every call makes a new
/// code): never retried.
#[derive(Debug, Clone)]
pub struct SetQr {
    key: CompanyKey,
    alt_id: WsAltUserId,
}

impl SetQr {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "setQR";

    /// For the user with this wsAltUserId.
    pub fn new(key: &CompanyKey, alt_id: WsAltUserId) -> Self {
        Self {
            key: key.clone(),
            alt_id,
        }
    }

    fn outcome(&self, r: &Response) -> Result<Result<QrCode, SetQrError>, DecodeError> {
        let errors = Classify::<SetQrError>::new();
        Ok(match decode_text(Self::FUNCTION, r, &errors)? {
            Err(e) => Err(e),
            Ok(t) => qr_from(r.status, t.unwrap_or_default(), &errors),
        })
    }
}

access_core::endpoint! {
    impl Endpoint for SetQr {
        name: "ESWS Esws.setQR",
        method: POST,
        path: |_| SOAP_PATH,
        output: QrCode,
        error: SetQrError,
        idempotent: false,
        authenticated: false,
        outcome: |s, r| s.outcome(&r),
        body: |s| wire::envelope(Self::FUNCTION, params(&s.key, &s.alt_id)),
        headers: |_| wire::headers(Self::FUNCTION),
        validate: |s| params(&s.key, &s.alt_id).map(|_| ()),
        secrets: |s| wire::secrets(params(&s.key, &s.alt_id)),
    }
}

crate::soap::error::esws_errors! {
    /// Failures of `getQR` **\[V\]** D getQR.php.
    pub enum GetQrError {
        /// `NO_WS_ALT_USER_ID_INFOFIELD_SET`: the company has no info label with
        /// the function `wsAltUserId`.
        NoWsAltUserIdInfofieldSet = (200, code "NO_WS_ALT_USER_ID_INFOFIELD_SET") => InvalidInput,
        /// `NO_ID_RECEIVED`: no `p_wsAltUserId` was sent.
        NoIdReceived = (200, code "NO_ID_RECEIVED") => InvalidInput,
        /// `NO_INFO_FOUND_WITH_WSALTUSERID`: no info record holds this
        /// wsAltUserId (kind `InvalidInput`: the enum's one `NotFound` is the
        /// missing user).
        NoInfoFoundWithWsAltUserId = (200, code "NO_INFO_FOUND_WITH_WSALTUSERID") => InvalidInput,
        /// `NO_USER_FOUND_WITH_WSALTUSERID`: no user has this wsAltUserId.
        NoUserFoundWithWsAltUserId = (200, code "NO_USER_FOUND_WITH_WSALTUSERID") => NotFound,
    }
}

/// `Esws.getQR`: the user's QR code, `None` (NULL) when the user has none
/// **\[V\]** D getQR.php.
#[derive(Debug, Clone)]
pub struct GetQr {
    key: CompanyKey,
    alt_id: WsAltUserId,
}

impl GetQr {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "getQR";

    /// For the user with this wsAltUserId.
    pub fn new(key: &CompanyKey, alt_id: WsAltUserId) -> Self {
        Self {
            key: key.clone(),
            alt_id,
        }
    }

    fn outcome(&self, r: &Response) -> Result<Result<Option<QrCode>, GetQrError>, DecodeError> {
        let errors = Classify::<GetQrError>::new();
        Ok(match decode_text(Self::FUNCTION, r, &errors)? {
            Err(e) => Err(e),
            Ok(None) => Ok(None),
            Ok(Some(t)) if t.is_empty() || t.eq_ignore_ascii_case("null") => Ok(None),
            Ok(Some(t)) => qr_from(r.status, t, &errors).map(Some),
        })
    }
}

access_core::endpoint! {
    impl Endpoint for GetQr {
        name: "ESWS Esws.getQR",
        method: POST,
        path: |_| SOAP_PATH,
        output: Option<QrCode>,
        error: GetQrError,
        idempotent: true,
        authenticated: false,
        outcome: |s, r| s.outcome(&r),
        body: |s| wire::envelope(Self::FUNCTION, params(&s.key, &s.alt_id)),
        headers: |_| wire::headers(Self::FUNCTION),
        validate: |s| params(&s.key, &s.alt_id).map(|_| ()),
        secrets: |s| wire::secrets(params(&s.key, &s.alt_id)),
    }
}

crate::soap::error::esws_errors! {
    /// Failures of `deleteQR` **\[V\]** D deleteQR.php.
    pub enum DeleteQrError {
        /// `NO_WS_ALT_USER_ID_INFOFIELD_SET`: the company has no info label with
        /// the function `wsAltUserId`.
        NoWsAltUserIdInfofieldSet = (200, code "NO_WS_ALT_USER_ID_INFOFIELD_SET") => InvalidInput,
        /// `NO_ID_RECEIVED`: no `p_wsAltUserId` was sent.
        NoIdReceived = (200, code "NO_ID_RECEIVED") => InvalidInput,
        /// `NO_INFO_FOUND_WITH_WSALTUSERID`: no info record holds this
        /// wsAltUserId (kind `InvalidInput`: the enum's one `NotFound` is the
        /// missing user).
        NoInfoFoundWithWsAltUserId = (200, code "NO_INFO_FOUND_WITH_WSALTUSERID") => InvalidInput,
        /// `NO_USER_FOUND_WITH_WSALTUSERID`: no user has this wsAltUserId.
        NoUserFoundWithWsAltUserId = (200, code "NO_USER_FOUND_WITH_WSALTUSERID") => NotFound,
    }
}

/// `Esws.deleteQR`: removes the user's QR code; answers `OK`
/// **\[V\]** D deleteQR.php. Not idempotent by the SDK's rule (a delete): never
/// retried.
#[derive(Debug, Clone)]
pub struct DeleteQr {
    key: CompanyKey,
    alt_id: WsAltUserId,
}

impl DeleteQr {
    /// The ESWS function name (`Esws.<function>`).
    pub const FUNCTION: &'static str = "deleteQR";

    /// For the user with this wsAltUserId.
    pub fn new(key: &CompanyKey, alt_id: WsAltUserId) -> Self {
        Self {
            key: key.clone(),
            alt_id,
        }
    }
}

const DELETE_QR_ERRORS: Classify<DeleteQrError> = Classify::<DeleteQrError>::new();

access_core::endpoint! {
    impl Endpoint for DeleteQr {
        name: "ESWS Esws.deleteQR",
        method: POST,
        path: |_| SOAP_PATH,
        output: (),
        error: DeleteQrError,
        idempotent: false,
        authenticated: false,
        outcome: |_, r| decode_ok(Self::FUNCTION, &r, &DELETE_QR_ERRORS),
        body: |s| wire::envelope(Self::FUNCTION, params(&s.key, &s.alt_id)),
        headers: |_| wire::headers(Self::FUNCTION),
        validate: |s| params(&s.key, &s.alt_id).map(|_| ()),
        secrets: |s| wire::secrets(params(&s.key, &s.alt_id)),
    }
}

/// QR code calls of a [`SoapClient`]: `soap.qr_codes()`.
#[derive(Debug, Clone, Copy)]
pub struct QrCodes<'a>(&'a SoapClient);

impl SoapClient {
    /// QR codes (`setQR`, `getQR`, `deleteQR`).
    pub fn qr_codes(&self) -> QrCodes<'_> {
        QrCodes(self)
    }
}

impl QrCodes<'_> {
    /// `setQR`: a new QR code for the user.
    pub async fn set(self, alt_id: WsAltUserId) -> Result<QrCode, Error<SetQrError>> {
        self.0.send(&SetQr::new(self.0.key(), alt_id)).await
    }

    /// `getQR`: the user's QR code, if any.
    pub async fn get(self, alt_id: WsAltUserId) -> Result<Option<QrCode>, Error<GetQrError>> {
        self.0.send(&GetQr::new(self.0.key(), alt_id)).await
    }

    /// `deleteQR`.
    pub async fn delete(self, alt_id: WsAltUserId) -> Result<(), Error<DeleteQrError>> {
        self.0.send(&DeleteQr::new(self.0.key(), alt_id)).await
    }
}
