//! The vendor-neutral traits of access-core for [`SoapClient`].

use access_core::model::{
    CardNumber, Credential, CredentialKind, CredentialRecord, CredentialState, EventCursor,
    ExternalId,
};
use access_core::traits::{AccessSystem, Capabilities, Credentials, EventLog, EventStream};
use access_core::{AnyError, CoreResult, Error, Operation, ValidationError};
use futures_util::StreamExt;

use super::client::{SoapClient, VENDOR};
use super::logs::log_to_event;
use crate::WsAltUserId;

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
/// memory, so a change reaches them at the next sync (`autoSync`) **\[V\]** U.
const AWAITING_SYNC: &str = "stored in EasySecure; reaches the terminals at the next sync";

fn ws_alt(person: &ExternalId) -> Result<WsAltUserId, Error<AnyError>> {
    WsAltUserId::try_from(person).map_err(Error::Validation)
}

fn unsupported(credential: &Credential) -> Error<AnyError> {
    Error::unsupported(
        VENDOR,
        format!(
            "{} through ESWS (only cards via updateCard and QR codes via setQR/deleteQR; \
             the REST client covers the others)",
            credential.kind()
        ),
    )
}

/// Cards (`updateCard`) and QR codes (`setQR`, `getQR`, `deleteQR`), keyed by
/// wsAltUserId. A wsAltUserId no user has answers kind `NotFound` without
/// writing: [`Error::NotFound`] from `list_credentials` (which reads the users
/// first), and ESWS's own `NO_USER_FOUND_WITH_WSALTUSERID` from the writes,
/// which do not create users. Other credentials are not offered: updateUserAltId would have to
/// resend every field, and whether an empty field clears it is not documented.
#[async_trait::async_trait]
impl Credentials for SoapClient {
    async fn list_credentials(&self, person: &ExternalId) -> CoreResult<Vec<CredentialRecord>> {
        let alt = ws_alt(person)?;
        let mut out = Vec::new();
        let mut found = false;
        let mut users = self.users().stream();
        while let Some(user) = users.next().await {
            let user = user.map_err(Error::erase)?;
            if user.ws_alt_user_id.as_deref() == Some(alt.as_str()) {
                if let Some(number) = user
                    .card_id
                    .as_deref()
                    .and_then(|c| CardNumber::new(c).ok())
                {
                    out.push(CredentialRecord::active(Credential::card(number)));
                }
                found = true;
                break;
            }
        }
        drop(users);
        if !found {
            return Err(Error::not_found(
                VENDOR,
                format!("user with wsAltUserId {}", alt.as_str()),
            ));
        }
        if self
            .qr_codes()
            .get(alt)
            .await
            .map_err(Error::erase)?
            .is_some()
        {
            out.push(CredentialRecord::active(Credential::QrCode));
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
                self.cards().set(alt, number).await.map_err(Error::erase)?
            }
            Credential::QrCode => {
                self.qr_codes().set(alt).await.map_err(Error::erase)?;
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
            Credential::Card { .. } => self.cards().delete(alt).await.map_err(Error::erase)?,
            Credential::QrCode => self.qr_codes().delete(alt).await.map_err(Error::erase)?,
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
        Box::pin(self.logs().stream(after).filter_map(|r| async move {
            match r {
                Ok(log) => log_to_event(&log).map(Ok),
                Err(e) => Some(Err(e.erase())),
            }
        }))
    }
}
