//! The EasySecure SOAP webservice "ESWS" (feature `soap`).
//!
//! ESWS is the older of EasySecure's two APIs: a SOAP 1.1 RPC/encoded service
//! at `https://ws.i3.identysoft.com/webservicesesws` (WSDL at `?wsdl`; "i3.IdentySoft"
//! is the former name of EasySecure.cloud) **\[V D index\]**. There is no login:
//! every call carries the company security key, a 32-character code from
//! EasySecure support, as its first parameter `p_companyID`. The key travels in
//! the XML body only; this crate never logs it and redacts it in every `Debug`.
//!
//! What to know before using it:
//!
//! * **Errors come inside results.** A refused key is the string
//!   `ERROR_UNKNOWN_SECURITY_HASH` in an HTTP 200 answer (or in the `UserId`,
//!   `GroupId` or `Terminal` field of the first item of a list). Each operation
//!   has its own error enum ([`errors`](crate::soap::errors)) and [`SoapClient::send`](crate::soap::SoapClient::send) reports them as
//!   [`access_core::Error::Service`] with status 200. SOAP Faults (HTTP 500),
//!   HTML pages and truncated envelopes are typed errors too, never panics.
//! * **Every parameter is sent, in the documented order**, with an empty string
//!   for an optional one that is not used; integers are sent as `xsd:string`.
//! * **Text import is Latin-1.** The service turns characters above code 255
//!   into `?`; the updateUser* requests refuse such text before sending and name
//!   the field, unless the caller opts in with [`TextPolicy::ReplaceWithQuestionMark`](crate::soap::TextPolicy::ReplaceWithQuestionMark).
//! * **Branch companies** ([`CompanyKind::Branches`](crate::soap::CompanyKind::Branches)) need a group name and a
//!   location id for user updates, and a location id to delete a user.
//! * Reads (`getUsers`, `getGroups`, `getLogs`, `getLogsById`, `getQR`,
//!   `getUsersPageNr`, `getSyncStatus`) are retried by the shared transport on
//!   503 and the like; writes never are.
//!
//! Provenance: **\[V D\]** is the vendor's page per function
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
//! use easysecure_sdk::soap::testkit::SoapSim;
//! use easysecure_sdk::soap::{SoapClient, UpdateCardError, UserFields};
//! use futures_util::StreamExt;
//!
//! let sim = SoapSim::start().await;
//! let client = SoapClient::builder(SecretString::from(SoapSim::SECURITY_KEY.to_string()))
//!     .base_url(sim.uri()) // omit for https://ws.i3.identysoft.com/webservicesesws
//!     .build()?;
//!
//! // Upsert an employee by the HR system's id, into existing groups.
//! let alt = WsAltUserId::new("EMP-0042")?;
//! let fields = UserFields::new().name("Anna", "de Vries").groups(["Staff"]);
//! client.update_user_alt_id(alt.clone(), fields).await?;
//!
//! // A card (the decimal number a USB reader types) and a QR code.
//! let card = CardNumber::from_decimal("3735928559")?;
//! client.update_card(alt.clone(), &card).await?;
//! let qr = client.set_qr(alt.clone()).await?;
//! assert_eq!(qr.expose().len(), 32);
//!
//! // Documented error strings are typed errors.
//! let taken = CardNumber::from_decimal("1708695997")?; // another user's card
//! let err = client.update_card(alt, &taken).await.unwrap_err();
//! assert_eq!(err.service_error(), Some(&UpdateCardError::CardExistsForAnOtherUser));
//!
//! // Every user, 1000 per getUsers page; the logs after a stored scanID.
//! let users = client.users().count().await;
//! let logs: Vec<_> = client.logs_after(None).collect().await;
//! assert!(users >= 3 && !logs.is_empty());
//! # Ok(()) }
//! # #[cfg(not(feature = "testkit"))]
//! # fn main() {}
//! ```

pub mod errors;
mod ops;
#[cfg(feature = "testkit")]
pub mod testkit;
mod xml;

use std::fmt;

use access_core::http::{Endpoint, Transport, TransportBuilder};
use access_core::model::{
    AccessEvent, AccessEventKind, CardNumber, Credential, CredentialKind, CredentialRecord,
    CredentialState, EventCursor, ExternalId,
};
use access_core::traits::{AccessSystem, Capabilities, Credentials, EventLog, EventStream};
use access_core::{
    AnyError, CoreResult, Error, Operation, Progress, SecretString, ValidationError,
};
use chrono::{NaiveDateTime, TimeZone, Utc};
use futures_core::Stream;
use futures_util::StreamExt;

pub use errors::{
    AutoSyncError, DeleteUserError, GetGroupsError, GetLogsError, GetSyncTokenError, GetUsersError,
    QrError, UpdateCardError, UpdateUserError,
};
pub use ops::{
    AutoSync, CardChange, CompanyKey, CompanyKind, DeleteOutcome, DeleteQr, DeleteUser, FilterOn,
    GetGroups, GetLogs, GetLogsById, GetQr, GetSyncStatus, GetSyncToken, GetUsers, GetUsersPageNr,
    MAX_USER_ID, NO_RECORD, QrCode, SOAP_PATH, SetQr, SyncLoginToken, SyncStatus, SyncToken,
    TextPolicy, USERS_PAGE_SIZE, UpdateCard, UpdateReply, UpdateUser, UpdateUserAltId, UserFields,
    format_soap_datetime, is_latin1, parse_soap_datetime,
};
pub use xml::escape_text;

use crate::model::{Group, LogEntry, TerminalKey, UserId, UserRecord, WsAltUserId};

/// The documented host of ESWS; requests go to `<base>/webservicesesws` **\[V D\]**.
pub const DEFAULT_SOAP_BASE_URL: &str = "https://ws.i3.identysoft.com";

/// The vendor name in cursors and events: the same as the REST client's, since
/// both APIs share the log's `scanID`.
pub const VENDOR: &str = "easysecure";

/// A client of ESWS. Cheap to clone (the transport and key are shared).
#[derive(Clone)]
pub struct SoapClient {
    transport: Transport,
    key: CompanyKey,
    log_window: i64,
    log_max_gap: i64,
}

impl fmt::Debug for SoapClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SoapClient")
            .field("transport", &self.transport)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

/// Builds a [`SoapClient`].
pub struct SoapClientBuilder {
    key: SecretString,
    kind: CompanyKind,
    transport: TransportBuilder,
    log_window: i64,
    log_max_gap: i64,
}

impl fmt::Debug for SoapClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SoapClientBuilder")
            .field("key", &"[redacted]")
            .field("kind", &self.kind)
            .field("base_url", &self.transport.base_url_ref())
            .finish_non_exhaustive()
    }
}

impl SoapClientBuilder {
    // base_url: the host of the webservice (default DEFAULT_SOAP_BASE_URL); a URL
    // that already ends in `/webservicesesws` is accepted too. Also http_client,
    // timeouts, retry (read operations only), size limit (getUsers without a page
    // can be big), clock.
    access_core::transport_setters!(transport);

    /// The company kind (default [`CompanyKind::EasySecure`]).
    pub fn company_kind(mut self, kind: CompanyKind) -> Self {
        self.kind = kind;
        self
    }

    /// The scanID window of one `getLogsById` call of the event export, and how
    /// far past the last log it searches (doubling the window) before it decides
    /// there is nothing newer. Defaults: 10000 and 10000000. A company's scanIDs
    /// have gaps because the log table is shared by every company **\[I\]**.
    pub fn log_window(mut self, window: i64, max_gap: i64) -> Self {
        self.log_window = window.max(1);
        self.log_max_gap = max_gap.max(window.max(1));
        self
    }

    /// Builds the client; fails on an empty key or an invalid base URL.
    pub fn build(self) -> Result<SoapClient, ValidationError> {
        let key = CompanyKey::new(self.key)?.with_kind(self.kind);
        let raw = self
            .transport
            .base_url_ref()
            .unwrap_or(DEFAULT_SOAP_BASE_URL)
            .to_string();
        let trimmed = raw.trim().trim_end_matches('/');
        let base = trimmed
            .strip_suffix(SOAP_PATH)
            .map(|b| b.trim_end_matches('/'))
            .unwrap_or(trimmed)
            .to_string();
        let b = self.transport.base_url(base);
        Ok(SoapClient {
            transport: b.build()?,
            key,
            log_window: self.log_window,
            log_max_gap: self.log_max_gap,
        })
    }
}

impl SoapClient {
    /// A builder for a client with this company security key.
    pub fn builder(key: SecretString) -> SoapClientBuilder {
        SoapClientBuilder {
            key,
            kind: CompanyKind::EasySecure,
            transport: Transport::builder("easysecure-soap").base_url(DEFAULT_SOAP_BASE_URL),
            log_window: 10_000,
            log_max_gap: 10_000_000,
        }
    }

    /// The company key and kind, to build requests by hand.
    pub fn key(&self) -> &CompanyKey {
        &self.key
    }

    /// The shared transport.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    /// Sends any ESWS request. An error string inside the answer becomes
    /// [`Error::Service`] with status 200.
    pub async fn send<Op: Endpoint>(&self, op: &Op) -> Result<Op::Output, Error<Op::Error>> {
        self.transport.send(op, None).await
    }

    /// `getUsers` page `page` (1-based) of 1000 users.
    pub async fn get_users_page(&self, page: u32) -> Result<Vec<UserRecord>, Error<GetUsersError>> {
        self.send(&GetUsers::page(&self.key, page)?).await
    }

    /// `getUsers` for one user (by EasySecure id); `None` when the answer is empty.
    pub async fn get_user(&self, id: UserId) -> Result<Option<UserRecord>, Error<GetUsersError>> {
        Ok(self
            .send(&GetUsers::all(&self.key).user(id))
            .await?
            .into_iter()
            .next())
    }

    /// `getUsersPageNr`: the number of the last getUsers page **\[I\]**.
    pub async fn get_users_page_count(&self) -> Result<u32, Error<GetUsersError>> {
        self.send(&GetUsersPageNr::new(&self.key)).await
    }

    /// Every user, page by page (1000 a page): the next page is requested only
    /// when the stream is polled past the current one, so memory stays at one
    /// page. The stream ends after a page of fewer than 1000 users or an empty
    /// page, and after the first error (which it yields).
    pub fn users(
        &self,
    ) -> impl Stream<Item = Result<UserRecord, Error<GetUsersError>>> + Send + '_ {
        struct St {
            page: u32,
            done: bool,
        }
        futures_util::stream::unfold(
            St {
                page: 1,
                done: false,
            },
            move |mut st| async move {
                if st.done {
                    return None;
                }
                let result = self.get_users_page(st.page).await;
                st.page += 1;
                match result {
                    Ok(users) => {
                        if users.len() < USERS_PAGE_SIZE {
                            st.done = true;
                        }
                        let items: Vec<_> = users.into_iter().map(Ok).collect();
                        Some((futures_util::stream::iter(items), st))
                    }
                    Err(e) => {
                        st.done = true;
                        Some((futures_util::stream::iter(vec![Err(e)]), st))
                    }
                }
            },
        )
        .flatten()
    }

    /// `getGroups`: every group.
    pub async fn get_groups(&self) -> Result<Vec<Group>, Error<GetGroupsError>> {
        self.send(&GetGroups::new(&self.key)).await
    }

    /// `getLogs` over a time range (build [`GetLogs`] for the filters).
    pub async fn get_logs(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<Vec<LogEntry>, Error<GetLogsError>> {
        self.send(&GetLogs::new(&self.key, from, to)?).await
    }

    /// `getLogsById`: the logs with `from <= scanID <= to`.
    pub async fn get_logs_by_id(
        &self,
        from: i64,
        to: i64,
    ) -> Result<Vec<LogEntry>, Error<GetLogsError>> {
        self.send(&GetLogsById::new(&self.key, from, to)?).await
    }

    /// The logs after `after` (a scanID; from the start when `None`), oldest
    /// first, fetched window by window with `getLogsById`. Constant memory: one
    /// window at a time. After an empty window it searches further with doubling
    /// windows up to the configured gap (see [`SoapClientBuilder::log_window`]).
    pub fn logs_after(
        &self,
        after: Option<i64>,
    ) -> impl Stream<Item = Result<LogEntry, Error<GetLogsError>>> + Send + '_ {
        struct St {
            next: i64,
            span: i64,
            searched: i64,
            done: bool,
        }
        let start = St {
            next: after.map(|a| a.saturating_add(1)).unwrap_or(0),
            span: self.log_window,
            searched: 0,
            done: false,
        };
        futures_util::stream::unfold(start, move |mut st| async move {
            loop {
                if st.done {
                    return None;
                }
                let to = st.next.saturating_add(st.span - 1);
                match self.get_logs_by_id(st.next, to).await {
                    Err(e) => {
                        st.done = true;
                        return Some((futures_util::stream::iter(vec![Err(e)]), st));
                    }
                    Ok(mut logs) if !logs.is_empty() => {
                        logs.sort_by_key(|l| l.scan_id.unwrap_or(i64::MIN));
                        let last = logs.iter().filter_map(|l| l.scan_id).max().unwrap_or(to);
                        st.next = last.max(st.next).saturating_add(1);
                        st.span = self.log_window;
                        st.searched = 0;
                        let items: Vec<_> = logs.into_iter().map(Ok).collect();
                        return Some((futures_util::stream::iter(items), st));
                    }
                    Ok(_) => {
                        st.searched = st.searched.saturating_add(st.span);
                        if st.searched >= self.log_max_gap {
                            return None;
                        }
                        st.next = to.saturating_add(1);
                        st.span = st.span.saturating_mul(2);
                    }
                }
            }
        })
        .flatten()
    }

    /// `updateUser`: creates or updates the user with EasySecure id `id`.
    pub async fn update_user(
        &self,
        id: UserId,
        fields: UserFields,
    ) -> Result<UpdateReply, Error<UpdateUserError>> {
        self.send(&UpdateUser::new(&self.key, id, fields)?).await
    }

    /// `updateUserAltId`: creates or updates the user with this wsAltUserId.
    pub async fn update_user_alt_id(
        &self,
        alt_id: WsAltUserId,
        fields: UserFields,
    ) -> Result<UpdateReply, Error<UpdateUserError>> {
        self.send(&UpdateUserAltId::new(&self.key, alt_id, fields)?)
            .await
    }

    /// `updateCard`: gives the user this card (decimal, or hex pairs converted).
    pub async fn update_card(
        &self,
        alt_id: WsAltUserId,
        card: &access_core::model::CardNumber,
    ) -> Result<(), Error<UpdateCardError>> {
        self.send(&UpdateCard::set(&self.key, alt_id, card)?).await
    }

    /// `updateCard` with an empty card: deletes the user's card.
    pub async fn delete_card(&self, alt_id: WsAltUserId) -> Result<(), Error<UpdateCardError>> {
        self.send(&UpdateCard::delete(&self.key, alt_id)).await
    }

    /// `deleteUser`.
    pub async fn delete_user(&self, id: UserId) -> Result<DeleteOutcome, Error<DeleteUserError>> {
        self.send(&DeleteUser::new(&self.key, id)?).await
    }

    /// `setQR`: a new QR code for the user.
    pub async fn set_qr(&self, alt_id: WsAltUserId) -> Result<QrCode, Error<QrError>> {
        self.send(&SetQr::new(&self.key, alt_id)).await
    }

    /// `getQR`: the user's QR code, if any.
    pub async fn get_qr(&self, alt_id: WsAltUserId) -> Result<Option<QrCode>, Error<QrError>> {
        self.send(&GetQr::new(&self.key, alt_id)).await
    }

    /// `deleteQR`.
    pub async fn delete_qr(&self, alt_id: WsAltUserId) -> Result<(), Error<QrError>> {
        self.send(&DeleteQr::new(&self.key, alt_id)).await
    }

    /// `getSyncStatus` of a sync started by `autoSync`.
    pub async fn sync_status(&self, token: &SyncToken) -> Result<SyncStatus, Error<AutoSyncError>> {
        self.send(&GetSyncStatus::new(&self.key, token.clone()))
            .await
    }

    /// `autoSync` of a location (or one user at it), as an [`Operation`] that
    /// polls `getSyncStatus` until the status is final. A `Failed` status ends
    /// the operation with that status (the caller decides); `Unknown` texts count
    /// as pending.
    pub async fn auto_sync(
        &self,
        location_id: u64,
        user: Option<UserId>,
    ) -> Result<Operation<SyncStatus>, Error<AutoSyncError>> {
        let token = self
            .send(&AutoSync::new(&self.key, location_id, user)?)
            .await?;
        let client = self.clone();
        Ok(Operation::pending_fn(
            format!("EasySecure autoSync of location {location_id}"),
            None,
            move || {
                let client = client.clone();
                let token = token.clone();
                async move {
                    let status = client.sync_status(&token).await.map_err(Error::erase)?;
                    Ok(match status {
                        s if s.is_final() => Progress::Done(s),
                        SyncStatus::Pending(t) | SyncStatus::Unknown(t) => {
                            Progress::Pending(Some(t))
                        }
                        other => Progress::Pending(Some(format!("{other:?}"))),
                    })
                }
            },
        ))
    }

    /// `getSyncToken`: a one-time login for the one-user sync page.
    pub async fn sync_login_token(
        &self,
        admin_username: &str,
        admin_password: SecretString,
        user: UserId,
    ) -> Result<SyncLoginToken, Error<GetSyncTokenError>> {
        self.send(&GetSyncToken::new(
            &self.key,
            admin_username,
            admin_password,
            user,
        )?)
        .await
    }
}

/// Turns a log entry into the vendor-neutral event. `Time` has no zone: it is
/// read as UTC and kept as `local_time` **\[I\]**.
pub fn log_to_event(log: &LogEntry) -> Option<AccessEvent> {
    let scan = log.scan_id?;
    let local = log.time;
    let occurred = local.map(|t| Utc.from_utc_datetime(&t)).unwrap_or_default();
    let kind = match (&log.terminal_key, log.success) {
        (Some(TerminalKey::In), Some(true)) => AccessEventKind::ClockIn,
        (Some(TerminalKey::Out), Some(true)) => AccessEventKind::ClockOut,
        (Some(TerminalKey::DutyIn), Some(true)) => AccessEventKind::DutyIn,
        (Some(TerminalKey::DutyOut), Some(true)) => AccessEventKind::DutyOut,
        (_, Some(true)) => AccessEventKind::Granted,
        (_, Some(false)) => AccessEventKind::Denied,
        (_, None) => AccessEventKind::Other(
            log.log_text
                .as_ref()
                .map(|t| t.as_wire().to_string())
                .unwrap_or_default(),
        ),
    };
    let mut event = AccessEvent::new(
        VENDOR,
        scan.to_string(),
        occurred,
        kind,
        EventCursor::new(VENDOR, scan.to_string()),
    );
    event.local_time = local;
    event.person = log.user_id.clone();
    event.device = log.terminal_name.clone().or_else(|| log.terminal.clone());
    event.description = log.log_text.as_ref().map(|t| t.as_wire().to_string());
    Some(event)
}

impl AccessSystem for SoapClient {
    fn vendor(&self) -> &'static str {
        VENDOR
    }

    fn capabilities(&self) -> Capabilities {
        let mut c = Capabilities::none(VENDOR);
        c.event_log = true;
        c.credentials = vec![CredentialKind::Card, CredentialKind::QrCode];
        c.deferred_credentials = true;
        c
    }
}

/// What a stored credential waits for: EasySecure terminals keep their own
/// memory, so a change reaches them at the next sync (`autoSync`) \[V U\].
const AWAITING_SYNC: &str = "stored in EasySecure; reaches the terminals at the next sync";

fn ws_alt(person: &ExternalId) -> Result<WsAltUserId, Error<AnyError>> {
    WsAltUserId::try_from(person).map_err(Error::Validation)
}

fn unsupported(credential: &Credential) -> Error<AnyError> {
    Error::Unsupported {
        vendor: VENDOR,
        what: format!(
            "{} through ESWS (only cards via updateCard and QR codes via setQR/deleteQR; \
             the REST client covers the others)",
            credential.kind()
        ),
    }
}

/// Cards (`updateCard`) and QR codes (`setQR`, `getQR`, `deleteQR`), keyed by
/// wsAltUserId. Other credentials are not offered: updateUserAltId would have to
/// resend every field, and whether an empty field clears it is not documented.
#[async_trait::async_trait]
impl Credentials for SoapClient {
    async fn list_credentials(&self, person: &ExternalId) -> CoreResult<Vec<CredentialRecord>> {
        let alt = ws_alt(person)?;
        let mut out = Vec::new();
        let mut users = std::pin::pin!(self.users());
        while let Some(user) = users.next().await {
            let user = user.map_err(Error::erase)?;
            if user.ws_alt_user_id.as_deref() == Some(alt.as_str()) {
                if let Some(number) = user
                    .card_id
                    .as_deref()
                    .and_then(|c| CardNumber::new(c).ok())
                {
                    out.push(CredentialRecord::new(
                        Credential::card(number),
                        CredentialState::Active,
                    ));
                }
                break;
            }
        }
        if self.get_qr(alt).await.map_err(Error::erase)?.is_some() {
            out.push(CredentialRecord::new(
                Credential::QrCode,
                CredentialState::Active,
            ));
        }
        Ok(out)
    }

    async fn issue_credential(
        &self,
        person: &ExternalId,
        credential: &Credential,
    ) -> CoreResult<Operation<CredentialState>> {
        let alt = ws_alt(person)?;
        match credential {
            Credential::Card { number } => {
                self.update_card(alt, number).await.map_err(Error::erase)?
            }
            Credential::QrCode => {
                self.set_qr(alt).await.map_err(Error::erase)?;
            }
            other => return Err(unsupported(other)),
        }
        Ok(Operation::completed(CredentialState::Pending {
            stage: AWAITING_SYNC.into(),
        }))
    }

    async fn revoke_credential(
        &self,
        person: &ExternalId,
        credential: &Credential,
    ) -> CoreResult<Operation<CredentialState>> {
        let alt = ws_alt(person)?;
        match credential {
            Credential::Card { .. } => self.delete_card(alt).await.map_err(Error::erase)?,
            Credential::QrCode => self.delete_qr(alt).await.map_err(Error::erase)?,
            other => return Err(unsupported(other)),
        }
        Ok(Operation::completed(CredentialState::Revoked))
    }
}

impl EventLog for SoapClient {
    /// The logs after the cursor's scanID, via `getLogsById`. Cursors are shared
    /// with the REST client (both use `scanID`).
    fn events_since(&self, cursor: Option<EventCursor>) -> EventStream<'_> {
        let after = match cursor.as_ref().map(|c| {
            c.expect_vendor(VENDOR).and_then(|p| {
                p.parse::<i64>()
                    .map_err(|_| ValidationError::new("cursor", "must hold a scanID"))
            })
        }) {
            None => None,
            Some(Ok(a)) => Some(a),
            Some(Err(e)) => {
                return Box::pin(futures_util::stream::iter(vec![Err(Error::Validation(e))]));
            }
        };
        Box::pin(self.logs_after(after).filter_map(|r| async move {
            match r {
                Ok(log) => log_to_event(&log).map(Ok),
                Err(e) => Some(Err(e.erase())),
            }
        }))
    }
}
