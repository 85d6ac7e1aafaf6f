//! The EasySecure SOAP webservice "ESWS" (feature `soap`).
//!
//! ESWS is the older of EasySecure's two APIs: a SOAP 1.1 RPC/encoded service
//! at `https://ws.i3.identysoft.com/webservicesesws` (WSDL at `?wsdl`; "i3.IdentySoft"
//! is the former name of EasySecure.cloud) **\[V\]** D index. There is no login:
//! every call carries the company security key, a 32-character code from
//! EasySecure support, as its first parameter `p_companyID`. The key travels in
//! the XML body only; this crate never logs it and redacts it in every `Debug`.
//!
//! What to know before using it:
//!
//! * **Errors come inside results.** A refused key is the string
//!   `ERROR_UNKNOWN_SECURITY_HASH` in an HTTP 200 answer (or in the `UserId`,
//!   `GroupId` or `Terminal` field of the first item of a list). Each operation
//!   has its own error enum next to its request type (`<Operation>Error`, e.g.
//!   [`cards::UpdateCardError`](crate::soap::cards::UpdateCardError)), whose variants keep the string as `code` and
//!   `message`; [`SoapClient::send`](crate::soap::SoapClient::send) reports them as
//!   [`access_core::Error::Service`] with status 200. A SOAP Fault (HTTP 500) is
//!   the enum's `Unknown` (kind `Other`, not retryable); an HTML page is
//!   `Error::UnexpectedStatus`; a truncated envelope is `Error::Decode`. Never a
//!   panic.
//! * **Every parameter is sent, in the documented order**, with an empty string
//!   for an optional one that is not used; integers are sent as `xsd:string`.
//! * **Text import is Latin-1.** The service turns characters above code 255
//!   into `?`; the updateUser* requests refuse such text before sending and name
//!   the field, unless the caller opts in with [`TextPolicy::ReplaceWithQuestionMark`](crate::soap::TextPolicy::ReplaceWithQuestionMark).
//! * **Branch companies** ([`CompanyKind::Branches`](crate::soap::CompanyKind::Branches)) need a group name and a
//!   location id for user updates, and a location id to delete a user.
//! * **Calls are grouped by resource**, as ESWS's pages group them:
//!   [`users`](crate::soap::SoapClient::users) ([`users::Users`](crate::soap::users::Users): `page`, `pager`, `stream`,
//!   `all`, `by_id`, `page_count`, `id_of`, `update`, `update2`, `update_alt_id`, `delete`),
//!   [`groups`](crate::soap::SoapClient::groups), [`logs`](crate::soap::SoapClient::logs) (`range`,
//!   `by_id`, and the export after a stored scanID: `pager`, `stream`, `all`),
//!   [`cards`](crate::soap::SoapClient::cards), [`qr_codes`](crate::soap::SoapClient::qr_codes),
//!   [`faces`](crate::soap::SoapClient::faces) and
//!   [`syncs`](crate::soap::SoapClient::syncs). Every request type (in the resource's module)
//!   also goes through [`SoapClient::send`](crate::soap::SoapClient::send), with its optional parameters set.
//! * Lists are read through access-core's [`Pager`](access_core::paging::Pager):
//!   bounded, never an endless loop.
//! * Reads (`getUsers`, `getGroups`, `getLogs`, `getLogsById`, `getQR`,
//!   `getUsersPageNr`, `getUserId`, `getSyncStatus`) are retried by the shared transport on
//!   503 and the like; writes never are.
//!
//! Provenance: **\[V\]** D is the vendor's page per function
//! (`development.easysecure.com/<fn>.php`), of which only the top part was
//! available; **\[I\]** marks what is inferred. See `docs/provenance/easysecure-soap.md`.
//!
//! Against the live service, give the key from EasySecure support and leave the
//! base URL at its default. The example below runs on the built-in simulator
//! (features `soap` and `testkit`):
//!
//! ```
//! # #[cfg(feature = "testkit")]
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use access_core::SecretString;
//! use access_core::model::CardNumber;
//! use easysecure_sdk::WsAltUserId;
//! use easysecure_sdk::soap::SoapClient;
//! use easysecure_sdk::testkit::EasySecureSoapSim;
//! use easysecure_sdk::soap::cards::UpdateCardError;
//! use easysecure_sdk::soap::users::UserFields;
//! use futures_util::StreamExt;
//!
//! let sim = EasySecureSoapSim::start().await;
//! let client = SoapClient::builder(SecretString::from(EasySecureSoapSim::SECURITY_KEY.to_string()))
//!     .base_url(sim.uri()) // omit for https://ws.i3.identysoft.com/webservicesesws
//!     .build()?;
//!
//! // Upsert an employee by the HR system's id, into existing groups.
//! let alt = WsAltUserId::new("EMP-0042")?;
//! let fields = UserFields::new().name("Anna", "de Vries").groups(["Staff"]);
//! client.users().update_alt_id(alt.clone(), fields).await?;
//!
//! // A card (the decimal number a USB reader types) and a QR code.
//! let card = CardNumber::from_decimal("3735928559")?;
//! client.cards().set(alt.clone(), &card).await?;
//! let qr = client.qr_codes().set(alt.clone()).await?;
//! assert_eq!(qr.expose().len(), 32);
//!
//! // Documented error strings are typed errors.
//! let taken = CardNumber::from_decimal("1708695997")?; // another user's card
//! let err = client.cards().set(alt, &taken).await.unwrap_err();
//! assert!(matches!(
//!     err.service_error(),
//!     Some(UpdateCardError::CardExistsForAnOtherUser { .. })
//! ));
//! assert_eq!(err.code(), Some("CARD_EXISTS_FOR_AN_OTHER_USER"));
//!
//! // Every user, 1000 per getUsers page; the logs after a stored scanID.
//! let users = client.users().stream().count().await;
//! let logs = client.logs().all(None).await?;
//! assert!(users >= 3 && !logs.is_empty());
//! # Ok(()) }
//! # #[cfg(not(feature = "testkit"))]
//! # fn main() {}
//! ```

mod access;
pub mod cards;
mod client;
mod error;
pub mod faces;
pub mod groups;
pub mod logs;
pub mod qr;
pub mod sync;
pub mod users;
mod wire;
mod xml;

pub use client::{
    CompanyKey, CompanyKind, DEFAULT_SOAP_BASE_URL, SOAP_PATH, SoapClient, SoapClientBuilder,
    VENDOR,
};
pub use wire::{MAX_USER_ID, TextPolicy, format_soap_datetime, is_latin1, parse_soap_datetime};
pub use xml::escape_text;
