//! The error strings ESWS returns inside its results, one enum per operation.
//!
//! ESWS does not use SOAP Faults for its documented failures: they come back as
//! the plain string result, or in the first field of a returned struct
//! (`UserId`, `GroupId`, `Terminal`) **\[V D index\]**. Each operation's enum lists
//! the strings its page documents; a string nobody documented becomes
//! `Unknown(text)`; a real SOAP Fault (HTTP 500 from PHP's SoapServer, e.g. a
//! malformed envelope) becomes `Fault { code, message }`. The client reports
//! these as [`access_core::Error::Service`] with the HTTP status of the answer
//! (200 for errors inside results).

use access_core::http::Response;
use access_core::{ErrorKind, ServiceError};

/// Builds one operation's error enum from rows `Variant = "wire string" => kind`.
/// Rows under `prefixed` match a documented string followed by variable text
/// (`CURL_ERROR_NO_<n>`), which the variant keeps.
macro_rules! esws_errors {
    (
        $(#[$doc:meta])*
        $name:ident {
            $( $(#[$vdoc:meta])* $variant:ident = $wire:literal => $kind:ident, )*
        }
        $( prefixed {
            $( $(#[$pdoc:meta])* $pvariant:ident = $prefix:literal => $pkind:ident, )*
        } )?
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$vdoc])*
                #[doc = ""]
                #[doc = concat!("Wire string: `", $wire, "`.")]
                #[error($wire)]
                $variant,
            )*
            $($(
                $(#[$pdoc])*
                #[doc = ""]
                #[doc = concat!("Wire string: `", $prefix, "…`; the text after the prefix is kept.")]
                #[error("{prefix}{0}", prefix = $prefix)]
                $pvariant(String),
            )*)?
            /// A SOAP Fault (HTTP 500 from the vendor's SoapServer): the request was
            /// malformed or the function unknown. Not a documented ESWS answer.
            #[error("SOAP fault {code}: {message}")]
            Fault {
                /// `faultcode`, e.g. `SOAP-ENV:Server`.
                code: String,
                /// `faultstring`.
                message: String,
            },
            /// A string the vendor's pages do not document, kept as sent.
            #[error("undocumented ESWS answer: {0}")]
            Unknown(String),
        }

        impl $name {
            /// Recognises one of the documented strings (surrounding space ignored).
            pub fn from_wire(text: &str) -> Option<Self> {
                let t = text.trim();
                match t {
                    $( $wire => return Some(Self::$variant), )*
                    _ => {}
                }
                $($(
                    if let Some(rest) = t.strip_prefix($prefix) {
                        return Some(Self::$pvariant(rest.trim().to_string()));
                    }
                )*)?
                None
            }

            /// The documented string, or `Unknown`'s text.
            pub fn to_wire(&self) -> String {
                match self {
                    $( Self::$variant => $wire.to_string(), )*
                    $($( Self::$pvariant(rest) => format!("{}{}", $prefix, rest), )*)?
                    Self::Fault { message, .. } => message.clone(),
                    Self::Unknown(text) => text.clone(),
                }
            }

            /// A documented string, or `Unknown(text)`.
            pub fn from_wire_or_unknown(text: &str) -> Self {
                Self::from_wire(text).unwrap_or_else(|| Self::Unknown(text.to_string()))
            }
        }

        impl crate::soap::errors::EswsError for $name {
            fn from_wire(text: &str) -> Option<Self> {
                $name::from_wire(text)
            }
            fn unknown(text: String) -> Self {
                Self::Unknown(text)
            }
            fn fault(code: String, message: String) -> Self {
                Self::Fault { code, message }
            }
        }

        impl ServiceError for $name {
            fn from_response(response: &Response) -> Option<Self> {
                crate::soap::errors::from_response(response)
            }
            fn kind(&self) -> ErrorKind {
                match self {
                    $( Self::$variant => ErrorKind::$kind, )*
                    $($( Self::$pvariant(_) => ErrorKind::$pkind, )*)?
                    Self::Fault { .. } => ErrorKind::Other,
                    Self::Unknown(_) => ErrorKind::Other,
                }
            }
        }
    };
}

/// What every operation's error enum can do (crate-internal).
pub(crate) trait EswsError: Sized {
    fn from_wire(text: &str) -> Option<Self>;
    fn unknown(text: String) -> Self;
    fn fault(code: String, message: String) -> Self;
}

/// A non-2xx answer: a SOAP Fault becomes `Fault`; a documented string as the
/// whole body is recognised; anything else (an HTML error page from a proxy) is
/// left to the transport as an unexpected status.
pub(crate) fn from_response<E: EswsError>(response: &Response) -> Option<E> {
    if let Some(fault) = crate::soap::xml::parse_fault(&response.body) {
        return Some(E::fault(fault.code, fault.message));
    }
    let text = String::from_utf8_lossy(&response.body);
    E::from_wire(text.trim())
}

/// Whether an undocumented string looks like one of ESWS's error codes
/// (`UPPER_CASE_WITH_UNDERSCORES` or `UPPER CASE WORDS`) rather than data **\[I\]**.
pub(crate) fn looks_like_error_code(text: &str) -> bool {
    let t = text.trim();
    t.len() >= 4
        && t != "OK"
        && t.chars().any(|c| c.is_ascii_alphabetic())
        && t.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == ' ')
        && (t.contains('_') || t.contains(' '))
}

esws_errors! {
    /// Failures of `getUsers` and `getUsersPageNr` (returned in `UserId`).
    GetUsersError {
        /// The company key is not known.
        UnknownSecurityHash = "ERROR_UNKNOWN_SECURITY_HASH" => Auth,
        /// No company key was sent.
        NoSecurityHash = "ERROR_NO_SECURITY_HASH" => Auth,
        /// The user id was refused.
        IncorrectIdReceived = "INCORRECT_ID_RECEIVED" => InvalidInput,
    }
}

esws_errors! {
    /// Failures of `getGroups` (returned in `GroupId`).
    GetGroupsError {
        /// The company key is not known.
        UnknownSecurityHash = "ERROR_UNKNOWN_SECURITY_HASH" => Auth,
        /// No company key was sent.
        NoSecurityHash = "ERROR_NO_SECURITY_HASH" => Auth,
    }
}

esws_errors! {
    /// Failures of `getLogs` and `getLogsById` (returned in `Terminal`). The
    /// documented "no data" answer `-1 NO RECORD` is not an error: it is an empty
    /// list.
    GetLogsError {
        /// The company key is not known.
        UnknownSecurityHash = "ERROR_UNKNOWN_SECURITY_HASH" => Auth,
        /// No company key was sent.
        NoSecurityHash = "ERROR_NO_SECURITY_HASH" => Auth,
    }
}

esws_errors! {
    /// Failures of `updateUser` and `updateUserAltId`.
    UpdateUserError {
        /// The company key is not known.
        UnknownSecurityHash = "ERROR_UNKNOWN_SECURITY_HASH" => Auth,
        /// No company key was sent.
        NoSecurityHash = "ERROR_NO_SECURITY_HASH" => Auth,
        /// No id was sent (`p_Id` or `p_wsAltUserId`).
        NoIdReceived = "NO_ID_RECEIVED" => InvalidInput,
        /// `p_Id` is outside 1 to 400000000.
        IncorrectIdReceived = "INCORRECT_ID_RECEIVED" => InvalidInput,
        /// The company has no info label with the function `wsAltUserId`.
        NoWsAltUserIdInfofieldSet = "NO_WS_ALT_USER_ID_INFOFIELD_SET" => InvalidInput,
        /// A Branch company needs `p_groupName`.
        BranchesNoGroupName = "Company is Branches but no group name specified. It is required for this type of company." => InvalidInput,
        /// A Branch company named a group that does not exist.
        BranchesGroupNotFound = "Company is Branches but the group name specified does not exists." => NotFound,
        /// A Branch company must name the location. Documented for deleteUser;
        /// assumed to be the answer of user updates too \[I\].
        BranchesNoLocation = "Company is Branches but no location has been provided" => InvalidInput,
        /// The user could not be saved.
        CanNotSaveUser = "CAN_NOT_SAVE_USER" => Other,
        /// The card is used by another user.
        CardExistsForAnOtherUser = "CARD_EXISTS_FOR_AN_OTHER_USER" => Conflict,
    }
}

esws_errors! {
    /// Failures of `updateCard`.
    UpdateCardError {
        /// No company key was sent.
        NoSecurityHash = "ERROR_NO_SECURITY_HASH" => Auth,
        /// The company key is not known.
        UnknownSecurityHash = "ERROR_UNKNOWN_SECURITY_HASH" => Auth,
        /// The company has no info label with the function `wsAltUserId`.
        NoWsAltUserIdInfofieldSet = "NO_WS_ALT_USER_ID_INFOFIELD_SET" => InvalidInput,
        /// No `p_wsAltUserId` was sent.
        NoIdReceived = "NO_ID_RECEIVED" => InvalidInput,
        /// The user could not be saved.
        CanNotSaveUser = "CAN_NOT_SAVE_USER" => Other,
        /// The card type is not supported.
        CardNotSupported = "CARD_NOT_SUPPORTED" => InvalidInput,
        /// The card number is not valid.
        CardNotValid = "CARD_NOT_VALID" => InvalidInput,
        /// Another user already holds this card.
        CardExistsForAnOtherUser = "CARD_EXISTS_FOR_AN_OTHER_USER" => Conflict,
        /// No user has this wsAltUserId.
        NoUserFoundWithWsAltUserId = "NO_USER_FOUND_WITH_WSALTUSERID" => NotFound,
        /// No info record holds this wsAltUserId.
        NoInfoFoundWithWsAltUserId = "NO_INFO_FOUND_WITH_WSALTUSERID" => NotFound,
    }
}

esws_errors! {
    /// Failures of `setQR`, `getQR` and `deleteQR`.
    QrError {
        /// No company key was sent.
        NoSecurityHash = "ERROR_NO_SECURITY_HASH" => Auth,
        /// The company key is not known.
        UnknownSecurityHash = "ERROR_UNKNOWN_SECURITY_HASH" => Auth,
        /// The company has no info label with the function `wsAltUserId`.
        NoWsAltUserIdInfofieldSet = "NO_WS_ALT_USER_ID_INFOFIELD_SET" => InvalidInput,
        /// No `p_wsAltUserId` was sent.
        NoIdReceived = "NO_ID_RECEIVED" => InvalidInput,
        /// No info record holds this wsAltUserId.
        NoInfoFoundWithWsAltUserId = "NO_INFO_FOUND_WITH_WSALTUSERID" => NotFound,
        /// No user has this wsAltUserId.
        NoUserFoundWithWsAltUserId = "NO_USER_FOUND_WITH_WSALTUSERID" => NotFound,
    }
}

esws_errors! {
    /// Failures of `deleteUser`. Its successful sentences are typed outcomes
    /// ([`crate::soap::DeleteOutcome`]), not errors.
    DeleteUserError {
        /// No `p_Id` was sent.
        NoIdReceived = "NO_ID_RECEIVED" => InvalidInput,
        /// The company key is not known.
        UnknownSecurityHash = "ERROR_UNKNOWN_SECURITY_HASH" => Auth,
        /// No company key was sent.
        NoSecurityHash = "ERROR_NO_SECURITY_HASH" => Auth,
        /// No user has this id.
        UserWasNotFound = "USER_WAS_NOT_FOUND" => NotFound,
        /// A Branch company must name the location.
        BranchesNoLocation = "Company is Branches but no location has been provided" => InvalidInput,
    }
}

esws_errors! {
    /// Failures of `getSyncToken` (their strings contain spaces, as documented).
    GetSyncTokenError {
        /// The company key is not known.
        UnknownSecurityHash = "ERROR_UNKNOWN_SECURITY_HASH" => Auth,
        /// No company key was sent.
        NoSecurityHash = "ERROR_NO_SECURITY_HASH" => Auth,
        /// `p_adminUsername` was empty.
        NoUsernameProvided = "NO USERNAME PROVIDED" => InvalidInput,
        /// `p_adminPassword` was empty.
        NoPasswordProvided = "NO PASSWORD PROVIDED" => InvalidInput,
        /// `p_userId` was empty.
        NoUserIdProvided = "NO USERID PROVIDED" => InvalidInput,
        /// The i3 administrator's username and password were refused.
        NoAdminFound = "NO ADMIN FOUND BASED ON USERNAME AND PASSWORD" => Auth,
        /// No user has this id.
        NoUserFound = "NO USER FOUND BASED ON THE ID PROVIDED" => NotFound,
    }
}

esws_errors! {
    /// Failures of `autoSync` (and of `getSyncStatus`, whose page was not
    /// available **\[I\]**).
    AutoSyncError {
        /// The company key is not known.
        UnknownSecurityHash = "ERROR_UNKNOWN_SECURITY_HASH" => Auth,
        /// No company key was sent.
        NoSecurityHash = "ERROR_NO_SECURITY_HASH" => Auth,
        /// `p_locationId` was empty.
        NoLocationIdProvided = "NO LOCATIONID PROVIDED" => InvalidInput,
        /// No location has this id.
        NoLocationFound = "NO LOCATION FOUND BASED ON THE ID PROVIDED" => NotFound,
        /// No user has this id.
        NoUserFound = "NO USER FOUND BASED ON THE ID PROVIDED" => NotFound,
    }
    prefixed {
        /// The service could not reach the location's APIServer (EasyConnect or a
        /// public APIServer2 of version 1.12 or later is needed); the curl error
        /// number is kept.
        CurlError = "CURL_ERROR_NO_" => Device,
        /// The APIServer answered something that is not JSON; its text is kept.
        NotJson = "NOT OK, NOT JSON" => Device,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixed_rows_keep_their_text() {
        assert_eq!(
            AutoSyncError::from_wire("CURL_ERROR_NO_7"),
            Some(AutoSyncError::CurlError("7".into()))
        );
        assert_eq!(
            AutoSyncError::from_wire("NOT OK, NOT JSON <html>"),
            Some(AutoSyncError::NotJson("<html>".into()))
        );
        assert_eq!(
            AutoSyncError::CurlError("7".into()).to_wire(),
            "CURL_ERROR_NO_7"
        );
    }

    #[test]
    fn error_code_shape() {
        assert!(looks_like_error_code("SOME_NEW_ERROR"));
        assert!(looks_like_error_code("NO THING PROVIDED"));
        assert!(!looks_like_error_code("OK"));
        assert!(!looks_like_error_code("12345"));
        assert!(!looks_like_error_code("User saved"));
    }
}
